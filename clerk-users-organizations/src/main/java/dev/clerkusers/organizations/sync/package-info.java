/**
 * The organizations module's part of a bulk sync: organizations and memberships, with
 * reconciliation.
 */
@NullMarked
package dev.clerkusers.organizations.sync;

import org.jspecify.annotations.NullMarked;
