package dev.clerkusers.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of {@code GET /users}.
 *
 * @param limit how many users, 1 to {@value #MAX_LIMIT}
 * @param offset how many to skip
 * @param orderBy the order, for example {@code +created_at} (oldest first, stable while
 * users are added)
 * @param emailAddresses only users with one of these emails (at most 100)
 * @param userIds only users with one of these ids (at most 100)
 */
public record UserListQuery(int limit, int offset, @Nullable String orderBy, List<String> emailAddresses,
		List<String> userIds) {

	/** Most users Clerk returns in one page. */
	public static final int MAX_LIMIT = Page.MAX_LIMIT;

	/** Most user ids Clerk filters a listing by. */
	public static final int MAX_IDS = 100;

	/**
	 * Validates the query.
	 * @param limit the limit
	 * @param offset the offset
	 * @param orderBy the order
	 * @param emailAddresses the email filter
	 * @param userIds the id filter
	 */
	public UserListQuery {
		Page.checkBounds(limit, offset);
		if (emailAddresses.size() > MAX_IDS || userIds.size() > MAX_IDS) {
			throw new IllegalArgumentException("At most " + MAX_IDS + " email addresses and " + MAX_IDS
					+ " user ids can be listed at once, not " + emailAddresses.size() + " and " + userIds.size());
		}
		emailAddresses = List.copyOf(emailAddresses);
		userIds = List.copyOf(userIds);
	}

	/**
	 * A page of users, oldest first.
	 * @param limit how many users, 1 to 500
	 * @param offset how many to skip
	 * @return the query
	 */
	public static UserListQuery page(int limit, int offset) {
		return new UserListQuery(limit, offset, "+created_at", List.of(), List.of());
	}

	/**
	 * The users with these ids, as many as Clerk still has.
	 * @param userIds 1 to {@value #MAX_IDS} user ids
	 * @return the query
	 */
	public static UserListQuery byIds(List<String> userIds) {
		if (userIds.isEmpty() || userIds.size() > MAX_IDS) {
			throw new IllegalArgumentException(
					"Between 1 and " + MAX_IDS + " user ids can be listed at once, not " + userIds.size());
		}
		return new UserListQuery(userIds.size(), 0, null, List.of(), userIds);
	}

	/**
	 * The users with an email address.
	 * @param email the address
	 * @return the query
	 */
	public static UserListQuery byEmail(String email) {
		return new UserListQuery(10, 0, null, List.of(email), List.of());
	}

}
