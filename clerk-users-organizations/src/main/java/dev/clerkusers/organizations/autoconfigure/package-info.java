/**
 * Auto-configuration of the organizations module.
 */
@NullMarked
package dev.clerkusers.organizations.autoconfigure;

import org.jspecify.annotations.NullMarked;
