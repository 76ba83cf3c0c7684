package dev.clerkusers.user;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository of {@link ClerkUser}s. Reading through it is fine; change users
 * through {@link ClerkUserSynchronizer} and {@link ClerkUserAccounts}, which keep the
 * ordering guard and the user cache right.
 */
public interface ClerkUserRepository extends JpaRepository<ClerkUser, Long> {

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
	 * Finds a user by email, regardless of case.
	 * @param email the email
	 * @return the user, if any
	 */
	@Query("select u from ClerkUser u where lower(u.email) = lower(:email)")
	Optional<ClerkUser> findByEmailIgnoreCase(@Param("email") String email);

	/**
	 * Finds the users with any of the given emails, regardless of case.
	 * @param emails the emails, in lower case
	 * @return the users found, in no particular order
	 */
	@Query("select u from ClerkUser u where lower(u.email) in :emails")
	List<ClerkUser> findByLowerEmailIn(@Param("emails") Collection<String> emails);

	/**
	 * Finds the users with any of the given usernames.
	 * @param usernames the usernames
	 * @return the users found, in no particular order
	 */
	List<ClerkUser> findByUsernameIn(Collection<String> usernames);

	/**
	 * Searches users whose email, username, name or Clerk id contains the query,
	 * regardless of case.
	 * @param query the text to look for
	 * @param pageable the page to return
	 * @return a page of users
	 */
	@Query("""
			select u from ClerkUser u
			where lower(u.email) like lower(concat('%', :query, '%'))
			   or lower(u.username) like lower(concat('%', :query, '%'))
			   or lower(u.firstName) like lower(concat('%', :query, '%'))
			   or lower(u.lastName) like lower(concat('%', :query, '%'))
			   or lower(u.clerkId) like lower(concat('%', :query, '%'))
			""")
	Page<ClerkUser> search(@Param("query") String query, Pageable pageable);

	/**
	 * Finds local accounts that are not linked to Clerk, for pushing them to Clerk.
	 * @return the users without a Clerk id that have an email, oldest first
	 */
	@Query("select u from ClerkUser u where u.clerkId is null and u.email is not null order by u.createdAt, u.id")
	List<ClerkUser> findUnlinked();

	/**
	 * Finds users linked to Clerk that are not deleted and were created in Clerk before
	 * the given time.
	 * @param before the time
	 * @return the users, in no particular order
	 */
	@Query("select u from ClerkUser u where u.clerkId is not null and u.sync.deletedAt is null and (u.sync.clerkCreatedAt is null or u.sync.clerkCreatedAt < :before) and u.createdAt < :before")
	List<ClerkUser> findLinkedAndNotDeletedBefore(@Param("before") Instant before);

}
