package dev.clerkusers.user;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.clerkusers.mirror.ReadOnlyRepository;
import dev.clerkusers.mirror.TextSearch;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository of {@link ClerkUser}s, for reading: with its methods, a
 * {@link Specification}. It has no {@code save} or {@code delete}: users change through
 * {@link ClerkUserSynchronizer} and {@link ClerkUserAccounts}, which keep the ordering
 * guard and the user cache right (a copy read before a webhook changed the user, saved,
 * would have undone the change; a copy read back from a session, saved, would have lost
 * the password hash it does not carry).
 * <p>
 * The queries of its methods that are not derived from their names are named queries of
 * {@link ClerkUser}: Spring Data parses those when they first run rather than when the
 * application starts.
 */
public interface ClerkUserRepository extends ReadOnlyRepository<ClerkUser, Long> {

	/**
	 * Finds a user by Clerk id.
	 * @param clerkId the Clerk user id
	 * @return the user, if any
	 */
	Optional<ClerkUser> findByClerkId(String clerkId);

	/**
	 * Finds the users with any of the given Clerk ids.
	 * @param clerkIds the Clerk user ids
	 * @return the users found, in no particular order
	 */
	List<ClerkUser> findByClerkIdIn(Collection<String> clerkIds);

	/**
	 * Finds a user by public uid.
	 * @param uid the uid
	 * @return the user, if any
	 */
	Optional<ClerkUser> findByUid(UUID uid);

	/**
	 * Finds a user by username (exact match).
	 * @param username the username
	 * @return the user, if any
	 */
	Optional<ClerkUser> findByUsername(String username);

	/**
	 * Finds a user by email, regardless of the case of its ASCII letters (the only
	 * folding that never makes two mailboxes one: {@code K}, the Kelvin sign, is not
	 * {@code k}).
	 * @param email the email
	 * @return the user, if any
	 */
	Optional<ClerkUser> findByEmailIgnoreCase(@Param("email") String email);

	/**
	 * Finds the users with any of the given emails, regardless of the case of their ASCII
	 * letters.
	 * @param emails the emails, their ASCII letters in lower case
	 * @return the users found, in no particular order
	 */
	List<ClerkUser> findByLowerEmailIn(@Param("emails") Collection<String> emails);

	/**
	 * Finds the users linked to Clerk, not deleted, that hold any of the given emails
	 * (regardless of the case of their ASCII letters) and are none of the given Clerk
	 * users: the holders a sync's listed users would take an address from.
	 * @param emails the emails, their ASCII letters in lower case
	 * @param clerkIds the Clerk ids of the users to leave out; not empty
	 * @return the users found, in no particular order
	 */
	List<ClerkUser> findLinkedByLowerEmailInAndClerkIdNotIn(@Param("emails") Collection<String> emails,
			@Param("clerkIds") Collection<String> clerkIds);

	/**
	 * Finds the users with any of the given usernames.
	 * @param usernames the usernames
	 * @return the users found, in no particular order
	 */
	List<ClerkUser> findByUsernameIn(Collection<String> usernames);

	/**
	 * Searches users whose email, username, name or Clerk id contains the query,
	 * regardless of case; {@code %} and {@code _} in the query match themselves.
	 * @param query the text to look for
	 * @param pageable the page to return
	 * @return a page of users
	 */
	default Page<ClerkUser> search(String query, Pageable pageable) {
		return findAll(TextSearch.containing(query, "email", "username", "firstName", "lastName", "clerkId"), pageable);
	}

	/**
	 * Finds local accounts that are not linked to Clerk, for pushing them to Clerk.
	 * @return the active users without a Clerk id that have an email, oldest first
	 */
	List<ClerkUser> findUnlinked();

	/**
	 * Finds the uids of the local accounts that are not linked to Clerk: those of
	 * {@link #findUnlinked()}, in its order, without loading the accounts.
	 * @return the uids of the active users without a Clerk id that have an email, oldest
	 * first
	 */
	List<UUID> findUnlinkedUids();

	/**
	 * Finds the uids of the local accounts that are not linked to Clerk and were created
	 * before a time, without loading the accounts.
	 * @param before the time
	 * @return the uids of the active users without a Clerk id that have an email, created
	 * before the time, oldest first
	 */
	List<UUID> findUnlinkedUidsCreatedBefore(@Param("before") Instant before);

	/**
	 * Finds the Clerk ids of the users linked to Clerk that are not deleted and were
	 * created in Clerk before the given time: the ids alone, so that an instance of any
	 * size is reconciled in little memory.
	 * @param before the time
	 * @return the Clerk ids, in no particular order
	 */
	List<String> findLinkedClerkIdsNotDeletedBefore(@Param("before") Instant before);

}
