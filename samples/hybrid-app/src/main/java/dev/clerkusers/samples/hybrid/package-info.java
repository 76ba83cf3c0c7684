/**
 * The hybrid sample: a JSON API behind Clerk session tokens, staff pages behind form
 * login, organizations and webhooks, with a local mode that needs no Clerk account and no
 * database.
 */
@NullMarked
package dev.clerkusers.samples.hybrid;

import org.jspecify.annotations.NullMarked;
