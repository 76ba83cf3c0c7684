package dev.clerkusers.test.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk session object ({@code "object": "session"}), as session webhooks carry
 * it.
 */
public final class ClerkSessionBuilder implements ClerkJson {

	private final String id;

	private final String userId;

	private String status = "active";

	private Instant createdAt = Instant.now();

	private Instant updatedAt = Instant.now();

	private @Nullable Map<String, Object> user;

	ClerkSessionBuilder(String id, String userId) {
		this.id = id;
		this.userId = userId;
	}

	/**
	 * The session id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Sets the status: {@code active}, {@code ended}, {@code removed}, {@code revoked},
	 * {@code pending}…
	 * @param status the status
	 * @return this builder
	 */
	public ClerkSessionBuilder status(String status) {
		this.status = status;
		return this;
	}

	/**
	 * Sets when the session was created.
	 * @param createdAt the time
	 * @return this builder
	 */
	public ClerkSessionBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		return this;
	}

	/**
	 * Sets when the session last changed (for an ended session, when it ended).
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkSessionBuilder updatedAt(Instant updatedAt) {
		this.updatedAt = updatedAt;
		return this;
	}

	/**
	 * Embeds the session's user, as recent Clerk session webhooks do.
	 * @param user the user
	 * @return this builder
	 */
	public ClerkSessionBuilder user(ClerkUserBuilder user) {
		this.user = user.toMap();
		return this;
	}

	@Override
	public Map<String, Object> toMap() {
		Map<String, Object> session = new LinkedHashMap<>();
		session.put("id", this.id);
		session.put("object", "session");
		session.put("user_id", this.userId);
		session.put("client_id", "client_" + Integer.toHexString(this.id.hashCode()));
		session.put("status", this.status);
		session.put("last_active_organization_id", null);
		session.put("actor", null);
		session.put("last_active_at", this.updatedAt.toEpochMilli());
		session.put("expire_at", this.createdAt.plusSeconds(7 * 24 * 3600).toEpochMilli());
		session.put("abandon_at", this.createdAt.plusSeconds(30 * 24 * 3600).toEpochMilli());
		session.put("created_at", this.createdAt.toEpochMilli());
		session.put("updated_at", this.updatedAt.toEpochMilli());
		if (this.user != null) {
			session.put("user", this.user);
		}
		return session;
	}

}
