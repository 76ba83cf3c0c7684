package dev.clerkusers.test.data;

import java.time.Duration;
import java.time.Instant;

/**
 * A Clerk object that Clerk dates with {@code updated_at} and that webhook events carry.
 * Clerk moves {@code updated_at} on every change, so each {@code *.created} or
 * {@code *.updated} event built from the same builder, each time the builder is added to
 * the {@code FakeClerkBackend}, and, for an organization, each membership event or
 * {@code addMembership} that carries it, is a new revision: its {@code updated_at} is one
 * second past the previous event's, unless {@code updatedAt(…)} was set since then, in
 * which case the time set is used as it is (also when it is earlier, to test late
 * deliveries).
 */
public interface ClerkRevisioned extends ClerkJson {

	/**
	 * How far each revision moves {@code updated_at}: one second.
	 */
	Duration REVISION_STEP = Duration.ofSeconds(1);

	/**
	 * Starts a new revision of the object, as a change in Clerk does: the first revision
	 * keeps the builder's {@code updated_at}; each later one moves it one second past the
	 * previous revision's, unless {@code updatedAt(…)} was set since.
	 * @return the {@code updated_at} of the new revision
	 */
	Instant revise();

	/**
	 * The object's {@code updated_at} as {@link #toMap()} writes it now.
	 * @return the time
	 */
	Instant updatedAt();

}
