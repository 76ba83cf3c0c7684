package dev.clerkusers.test.data;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The {@code updated_at} of a builder and its revisions (see {@link ClerkRevisioned}).
 */
final class Revision {

	private Instant updatedAt;

	private boolean setSinceLastRevision;

	private boolean everSet;

	private @Nullable Instant lastRevision;

	Revision(Instant updatedAt) {
		this.updatedAt = updatedAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	/**
	 * An explicit {@code updated_at}: it wins over the automatic one.
	 */
	void set(Instant updatedAt) {
		this.updatedAt = updatedAt;
		this.setSinceLastRevision = true;
		this.everSet = true;
	}

	/**
	 * The object was created at this time: an {@code updated_at} never set follows it, as
	 * Clerk's is never before the creation.
	 */
	void created(Instant createdAt) {
		if (!this.everSet && this.lastRevision == null && this.updatedAt.isBefore(createdAt)) {
			this.updatedAt = createdAt;
		}
	}

	/**
	 * A change made now (a lockout): the next revision is dated now, unless a time was
	 * set since the last one.
	 */
	void changedAt(Instant now) {
		if (!this.setSinceLastRevision) {
			this.updatedAt = now;
			this.setSinceLastRevision = true;
		}
	}

	Instant revise() {
		if (this.lastRevision != null && !this.setSinceLastRevision) {
			this.updatedAt = this.lastRevision.plus(ClerkRevisioned.REVISION_STEP);
		}
		this.setSinceLastRevision = false;
		this.lastRevision = this.updatedAt;
		return this.updatedAt;
	}

}
