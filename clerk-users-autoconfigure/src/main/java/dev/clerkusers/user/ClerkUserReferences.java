package dev.clerkusers.user;

/**
 * Rows that point at a local user, moved when two rows of one person become one. A Clerk
 * user can be stored as a placeholder before its data arrives (marked
 * {@linkplain ClerkUser#isSyncPending() sync pending}: a membership that came first, or a
 * first sign-in while Clerk's Backend API was unreachable). When its data then shows the
 * verified primary email of an existing local account that has no Clerk user (or whose
 * Clerk user was deleted), the placeholder is merged into that account, as linking
 * through a verified email does: every bean of this type moves its rows from the
 * placeholder to the account, in the same transaction, and the placeholder is then
 * deleted. The organizations module moves memberships and invitations this way; an
 * application whose tables point at users declares a bean for them.
 * <p>
 * When a deleted Clerk user's account is taken over by a new Clerk user with its verified
 * email (reactivated), what the deleted user held through the account goes with the
 * deleted user's own tombstone row, ended ({@link #reassigned(ClerkUser, ClerkUser)}):
 * the new user gets the account, not the old one's rights, and the deleted user's late
 * events still find what it held.
 */
@FunctionalInterface
public interface ClerkUserReferences {

	/**
	 * Points the rows that point at one user at another.
	 * @param from the placeholder, about to be deleted
	 * @param to the account it is merged into
	 */
	void move(ClerkUser from, ClerkUser to);

	/**
	 * Moves what a deleted Clerk user held through its account (organization memberships,
	 * say) to that user's tombstone row, ended no earlier than its deletion
	 * ({@code deletedUser.getDeletedAt()}, which Clerk dated, or this server for a
	 * reconcile) nor than now, before a new Clerk user takes the account over. Rows that
	 * are the account's own, not the Clerk user's, stay. By default nothing moves. The
	 * account has no Clerk id at that moment (the deleted user's is the tombstone's, the
	 * new user's not given yet): know the deleted user by
	 * {@code deletedUser.getClerkId()}.
	 * @param account the account, which a new Clerk user is about to take
	 * @param deletedUser the deleted Clerk user's tombstone row, with its Clerk id
	 */
	default void reassigned(ClerkUser account, ClerkUser deletedUser) {
	}

}
