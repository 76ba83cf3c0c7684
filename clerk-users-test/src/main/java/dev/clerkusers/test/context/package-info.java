/**
 * Spring test support that points an application under test at a
 * {@link dev.clerkusers.test.backend.FakeClerkBackend}:
 * {@link dev.clerkusers.test.context.AutoConfigureFakeClerk @AutoConfigureFakeClerk}.
 * Sets {@code clerk.*} properties, and between tests forgets the key fetches a test made
 * fail.
 */
@NullMarked
package dev.clerkusers.test.context;

import org.jspecify.annotations.NullMarked;
