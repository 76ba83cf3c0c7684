/**
 * Spring test support that points an application under test at a
 * {@link dev.clerkusers.test.backend.FakeClerkBackend}:
 * {@link dev.clerkusers.test.context.AutoConfigureFakeClerk @AutoConfigureFakeClerk}.
 * Sets only {@code clerk.*} properties; needs nothing from the clerk-users library at
 * compile time.
 */
@NullMarked
package dev.clerkusers.test.context;

import org.jspecify.annotations.NullMarked;
