package dev.clerkusers.user;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.api.UserResource;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The rows a batch of Clerk users may touch, read with one query per key, and kept
 * current as the batch changes them, so that the linking and collision rules see the
 * batch's own writes.
 */
final class UserBatch {

	private final Map<String, ClerkUser> byClerkId = new HashMap<>();

	private final Map<String, ClerkUser> byEmail = new HashMap<>();

	private final Map<String, ClerkUser> byUsername = new HashMap<>();

	private final Set<String> touched = new LinkedHashSet<>();

	private UserBatch() {
	}

	/**
	 * Reads the rows holding the keys of a batch.
	 * @param repository the users
	 * @param session the transaction's session
	 * @param keys the batch's keys
	 * @return the rows, indexed
	 */
	static UserBatch load(ClerkUserRepository repository, Session session, Keys keys) {
		Set<String> clerkIds = keys.clerkIds();
		Set<String> emails = keys.emails();
		Set<String> usernames = keys.usernames();
		UserBatch rows = new UserBatch();
		List<ClerkUser> found = new ArrayList<>();
		if (clerkIds.size() == 1 && emails.size() <= 1 && usernames.size() <= 1) {
			// One user, as a webhook or a first sign-in brings.
			found.addAll(findOne(session, clerkIds.iterator().next(), first(emails), first(usernames)));
			found.forEach(rows::index);
			return rows;
		}
		found.addAll(repository.findByClerkIdIn(clerkIds));
		if (!emails.isEmpty()) {
			found.addAll(repository.findByLowerEmailIn(emails));
		}
		if (!usernames.isEmpty()) {
			found.addAll(repository.findByUsernameIn(usernames));
		}
		found.forEach(rows::index);
		return rows;
	}

	/**
	 * The rows of one user: those holding its Clerk id, email or username. Their ids are
	 * found by one indexed query in plain SQL, and only rows that exist are loaded
	 * through Hibernate, by primary key: a new user (the usual {@code user.created}, a
	 * first sign-in) costs one light query and no entity query, whose creation and
	 * execution through Spring Data and Hibernate cost a webhook delivery more than its
	 * insert did.
	 */
	private static List<ClerkUser> findOne(Session session, String clerkId, @Nullable String email,
			@Nullable String username) {
		if (session.isDirty()) {
			// The query is plain SQL, which sees only what is flushed.
			session.flush();
		}
		List<Long> ids = session.doReturningWork((connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(
					"select id from clerk_users where clerk_id = ? or lower(email collate \"C\") = ? or username = ?")) {
				statement.setString(1, clerkId);
				statement.setString(2, email);
				statement.setString(3, username);
				List<Long> rows = new ArrayList<>(1);
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						rows.add(result.getLong(1));
					}
				}
				return rows;
			}
		});
		List<ClerkUser> users = new ArrayList<>(ids.size());
		for (Long id : ids) {
			users.add(session.find(ClerkUser.class, id));
		}
		return users;
	}

	/**
	 * The keys of the rows a batch of Clerk users may touch: its Clerk ids, and the
	 * addresses (folded as the unique index folds them) and usernames it may take.
	 *
	 * @param clerkIds the Clerk ids
	 * @param emails the addresses
	 * @param usernames the usernames
	 */
	record Keys(Set<String> clerkIds, Set<String> emails, Set<String> usernames) {

		static Keys of(List<UserResource> batch) {
			Set<String> clerkIds = new LinkedHashSet<>();
			Set<String> emails = new LinkedHashSet<>();
			Set<String> usernames = new LinkedHashSet<>();
			for (UserResource data : batch) {
				if (data.id() != null) {
					clerkIds.add(data.id());
				}
				String email = ClerkUserSynchronizer.chooseEmail(data);
				if (email != null) {
					emails.add(EmailAddressResource.fold(email));
				}
				if (StringUtils.hasText(data.username())) {
					usernames.add(data.username());
				}
			}
			return new Keys(clerkIds, emails, usernames);
		}

	}

	private static @Nullable String first(Set<String> values) {
		return values.isEmpty() ? null : values.iterator().next();
	}

	private void index(ClerkUser user) {
		if (user.getClerkId() != null) {
			this.byClerkId.put(user.getClerkId(), user);
		}
		if (user.getEmail() != null) {
			this.byEmail.put(EmailAddressResource.fold(user.getEmail()), user);
		}
		if (user.getUsername() != null) {
			this.byUsername.put(user.getUsername(), user);
		}
	}

	@Nullable ClerkUser byClerkId(String clerkId) {
		return this.byClerkId.get(clerkId);
	}

	@Nullable ClerkUser byEmail(String email) {
		return this.byEmail.get(EmailAddressResource.fold(email.trim()));
	}

	@Nullable ClerkUser byUsername(String username) {
		return this.byUsername.get(username);
	}

	void emailChanged(ClerkUser user, String email) {
		if (user.getEmail() != null) {
			this.byEmail.remove(EmailAddressResource.fold(user.getEmail()), user);
		}
		this.byEmail.put(EmailAddressResource.fold(email), user);
	}

	void emailRemoved(ClerkUser user) {
		if (user.getEmail() != null) {
			this.byEmail.remove(EmailAddressResource.fold(user.getEmail()), user);
			touched(user);
		}
	}

	void usernameRemoved(ClerkUser user) {
		if (user.getUsername() != null) {
			this.byUsername.remove(user.getUsername(), user);
			touched(user);
		}
	}

	void usernameChanged(ClerkUser user, String username) {
		if (user.getUsername() != null) {
			this.byUsername.remove(user.getUsername(), user);
		}
		this.byUsername.put(username, user);
	}

	void forget(ClerkUser user) {
		if (user.getClerkId() != null) {
			this.byClerkId.remove(user.getClerkId(), user);
			this.touched.add(user.getClerkId());
		}
	}

	void stored(ClerkUser user) {
		index(user);
		touched(user);
	}

	/**
	 * A row new under its Clerk id: no instance can hold a copy of it, so it has nothing
	 * to evict.
	 */
	void created(ClerkUser user) {
		index(user);
	}

	void touched(ClerkUser user) {
		if (user.getClerkId() != null) {
			this.touched.add(user.getClerkId());
		}
	}

	Set<String> touchedClerkIds() {
		return this.touched;
	}

}
