package dev.clerkusers.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.clerkusers.api.UserResource;
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

	static UserBatch load(ClerkUserRepository repository, List<UserResource> batch) {
		Set<String> clerkIds = new LinkedHashSet<>();
		Set<String> emails = new LinkedHashSet<>();
		Set<String> usernames = new LinkedHashSet<>();
		for (UserResource data : batch) {
			if (data.id() != null) {
				clerkIds.add(data.id());
			}
			String email = ClerkUserSynchronizer.chooseEmail(data);
			if (email != null) {
				emails.add(email.toLowerCase(Locale.ROOT));
			}
			if (StringUtils.hasText(data.username())) {
				usernames.add(data.username());
			}
		}
		UserBatch rows = new UserBatch();
		List<ClerkUser> found = new ArrayList<>();
		if (clerkIds.size() == 1 && emails.size() <= 1 && usernames.size() <= 1) {
			// One user, as a webhook or a first sign-in brings: queries with single
			// values, which Hibernate translates once (one with a list it translates
			// on every call), and the id and email in one.
			String clerkId = clerkIds.iterator().next();
			if (emails.isEmpty()) {
				repository.findByClerkId(clerkId).ifPresent(found::add);
			}
			else {
				found.addAll(repository.findByClerkIdOrLowerEmail(clerkId, emails.iterator().next()));
			}
			if (!usernames.isEmpty()) {
				repository.findByUsername(usernames.iterator().next()).ifPresent(found::add);
			}
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

	private void index(ClerkUser user) {
		if (user.getClerkId() != null) {
			this.byClerkId.put(user.getClerkId(), user);
		}
		if (user.getEmail() != null) {
			this.byEmail.put(user.getEmail().toLowerCase(Locale.ROOT), user);
		}
		if (user.getUsername() != null) {
			this.byUsername.put(user.getUsername(), user);
		}
	}

	@Nullable ClerkUser byClerkId(String clerkId) {
		return this.byClerkId.get(clerkId);
	}

	@Nullable ClerkUser byEmail(String email) {
		return this.byEmail.get(email.trim().toLowerCase(Locale.ROOT));
	}

	@Nullable ClerkUser byUsername(String username) {
		return this.byUsername.get(username);
	}

	void emailChanged(ClerkUser user, String email) {
		if (user.getEmail() != null) {
			this.byEmail.remove(user.getEmail().toLowerCase(Locale.ROOT), user);
		}
		this.byEmail.put(email.toLowerCase(Locale.ROOT), user);
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
