package dev.clerkusers.test.data;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk session object ({@code "object": "session"}), as session webhooks carry
 * it: with the session's user ({@code user}, which Clerk's schema requires; a user with
 * the session's user id and the {@link ClerkUserBuilder} defaults unless set) and its
 * latest activity ({@code latest_activity}: a desktop browser). It was created now and
 * expires 7 days later unless set.
 */
public final class ClerkSessionBuilder implements ClerkRevisioned {

	private static final Duration LIFETIME = Duration.ofDays(7);

	private static final Duration INACTIVITY_TIMEOUT = Duration.ofDays(30);

	private final String id;

	private final String userId;

	private String status = "active";

	private @Nullable String activeOrganizationId;

	private Instant createdAt;

	private final Revision revision;

	private @Nullable ClerkUserBuilder user;

	private boolean latestActivity = true;

	ClerkSessionBuilder(String id, String userId) {
		this.id = id;
		this.userId = userId;
		Instant now = Instant.now();
		this.createdAt = now;
		this.revision = new Revision(now);
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
	 * {@code expired}, {@code abandoned} or {@code replaced}.
	 * @param status the status
	 * @return this builder
	 */
	public ClerkSessionBuilder status(String status) {
		this.status = status;
		return this;
	}

	/**
	 * Sets the organization last active in the session
	 * ({@code last_active_organization_id}).
	 * @param organizationId the organization id, or {@code null} for none
	 * @return this builder
	 */
	public ClerkSessionBuilder activeOrganization(@Nullable String organizationId) {
		this.activeOrganizationId = organizationId;
		return this;
	}

	/**
	 * Sets when the session was created.
	 * @param createdAt the time
	 * @return this builder
	 */
	public ClerkSessionBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		this.revision.created(createdAt);
		return this;
	}

	/**
	 * Sets when the session last changed (for an ended session, when it ended). A time
	 * set here wins over the one each new event moves forward (see
	 * {@link ClerkRevisioned}).
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkSessionBuilder updatedAt(Instant updatedAt) {
		this.revision.set(updatedAt);
		return this;
	}

	@Override
	public Instant updatedAt() {
		return this.revision.updatedAt();
	}

	@Override
	public Instant revise() {
		return this.revision.revise();
	}

	/**
	 * Sets the session's user, embedded as {@code user} as it is when an event is built.
	 * @param user the user
	 * @return this builder
	 */
	public ClerkSessionBuilder user(ClerkUserBuilder user) {
		this.user = user;
		return this;
	}

	/**
	 * Sets whether the session has a {@code latest_activity} (a desktop browser), or
	 * {@code null} as Clerk sends for sessions without one.
	 * @param present whether there is one
	 * @return this builder
	 */
	public ClerkSessionBuilder latestActivity(boolean present) {
		this.latestActivity = present;
		return this;
	}

	@Override
	public Map<String, @Nullable Object> toMap() {
		Instant updatedAt = updatedAt();
		Map<String, @Nullable Object> session = new LinkedHashMap<>();
		session.put("object", "session");
		session.put("id", this.id);
		session.put("user_id", this.userId);
		session.put("client_id", "client_" + Integer.toHexString(this.id.hashCode() & 0x7FFFFFFF));
		session.put("actor", null);
		session.put("status", this.status);
		session.put("last_active_organization_id", this.activeOrganizationId);
		session.put("last_active_at", updatedAt.toEpochMilli());
		session.put("latest_activity", this.latestActivity ? latestActivity() : null);
		session.put("expire_at", this.createdAt.plus(LIFETIME).toEpochMilli());
		session.put("abandon_at", this.createdAt.plus(INACTIVITY_TIMEOUT).toEpochMilli());
		session.put("updated_at", updatedAt.toEpochMilli());
		session.put("created_at", this.createdAt.toEpochMilli());
		ClerkUserBuilder sessionUser = (this.user != null) ? this.user : ClerkData.user(this.userId);
		session.put("user", sessionUser.toMap());
		return session;
	}

	private Map<String, @Nullable Object> latestActivity() {
		Map<String, @Nullable Object> activity = new LinkedHashMap<>();
		activity.put("object", "session_activity");
		activity.put("id", "sess_activity_" + Integer.toHexString(this.id.hashCode() & 0x7FFFFFFF));
		activity.put("device_type", "Macintosh");
		activity.put("is_mobile", false);
		activity.put("browser_name", "Chrome");
		activity.put("browser_version", "128.0.0.0");
		activity.put("ip_address", "127.0.0.1");
		activity.put("city", "San Francisco");
		activity.put("country", "US");
		return activity;
	}

}
