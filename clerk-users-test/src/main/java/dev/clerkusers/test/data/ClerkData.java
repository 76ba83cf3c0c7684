package dev.clerkusers.test.data;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Entry point to the builders of Clerk objects. The builders write every field that
 * Clerk's webhook schema ({@code clerk/openapi-specs}, {@code webhooks/2025-04-15.yml})
 * requires, with Clerk's types, nullability and units (times in epoch milliseconds); the
 * test kit's own tests check them against field lists taken from that schema.
 */
public final class ClerkData {

	/**
	 * The creation and update time of objects unless set: 2026-01-01T00:00:00Z.
	 */
	public static final Instant DEFAULT_TIME = Instant.parse("2026-01-01T00:00:00Z");

	private static final AtomicLong sequence = new AtomicLong(System.nanoTime() & 0xFFFFFF);

	private ClerkData() {
	}

	/**
	 * A Clerk user with this id.
	 * @param id the user id ({@code user_…})
	 * @return a builder
	 */
	public static ClerkUserBuilder user(String id) {
		return new ClerkUserBuilder(required(id, "id"));
	}

	/**
	 * A Clerk user with a fresh id.
	 * @return a builder
	 */
	public static ClerkUserBuilder user() {
		return new ClerkUserBuilder(newId("user_"));
	}

	/**
	 * A Clerk session of a user.
	 * @param id the session id ({@code sess_…})
	 * @param userId the user id
	 * @return a builder
	 */
	public static ClerkSessionBuilder session(String id, String userId) {
		return new ClerkSessionBuilder(required(id, "id"), required(userId, "userId"));
	}

	/**
	 * A Clerk session of a user, with a fresh id.
	 * @param userId the user id
	 * @return a builder
	 */
	public static ClerkSessionBuilder session(String userId) {
		return new ClerkSessionBuilder(newId("sess_"), required(userId, "userId"));
	}

	/**
	 * A Clerk organization.
	 * @param id the organization id ({@code org_…})
	 * @return a builder
	 */
	public static ClerkOrganizationBuilder organization(String id) {
		return new ClerkOrganizationBuilder(required(id, "id"));
	}

	/**
	 * A membership of a user in an organization.
	 * @param id the membership id ({@code orgmem_…})
	 * @param organization the organization
	 * @param userId the user id
	 * @return a builder
	 */
	public static ClerkMembershipBuilder membership(String id, ClerkOrganizationBuilder organization, String userId) {
		return new ClerkMembershipBuilder(required(id, "id"), required(organization, "organization"),
				required(userId, "userId"));
	}

	/**
	 * An invitation to an organization.
	 * @param id the invitation id ({@code orginv_…})
	 * @param organizationId the organization id
	 * @param emailAddress the invited address
	 * @return a builder
	 */
	public static ClerkInvitationBuilder invitation(String id, String organizationId, String emailAddress) {
		return invitation(id, new ClerkOrganizationBuilder(required(organizationId, "organizationId")), emailAddress);
	}

	/**
	 * An invitation to an organization, whose name, slug and image
	 * {@code organizationInvitation.accepted} events carry.
	 * @param id the invitation id ({@code orginv_…})
	 * @param organization the organization
	 * @param emailAddress the invited address
	 * @return a builder
	 */
	public static ClerkInvitationBuilder invitation(String id, ClerkOrganizationBuilder organization,
			String emailAddress) {
		return new ClerkInvitationBuilder(required(id, "id"), required(organization, "organization"),
				required(emailAddress, "emailAddress"));
	}

	/**
	 * A deleted object, as Clerk sends in {@code user.deleted} or
	 * {@code organization.deleted}.
	 * @param object the kind of the deleted object, for example {@code user}
	 * @param id its id
	 * @param externalId its external id, or {@code null}
	 * @return the object
	 */
	public static Map<String, @Nullable Object> deleted(String object, String id, @Nullable String externalId) {
		return deleted(object, id, null, externalId);
	}

	/**
	 * A deleted object, in the order of Clerk's examples.
	 * @param object the kind of the deleted object
	 * @param id its id
	 * @param slug its slug, or {@code null} to leave it out
	 * @param externalId its external id, or {@code null} to leave it out
	 * @return the object
	 */
	static Map<String, @Nullable Object> deleted(String object, String id, @Nullable String slug,
			@Nullable String externalId) {
		Map<String, @Nullable Object> deleted = new LinkedHashMap<>();
		deleted.put("object", object);
		deleted.put("id", id);
		if (slug != null) {
			deleted.put("slug", slug);
		}
		deleted.put("deleted", true);
		if (externalId != null) {
			deleted.put("external_id", externalId);
		}
		return deleted;
	}

	/**
	 * Clerk's default image of an object without an uploaded one, in the shape of Clerk's
	 * ({@code https://img.clerk.com/} and a base64url JSON naming the object).
	 * @param id the object's id
	 * @return the URL
	 */
	static String defaultImageUrl(String id) {
		String json = "{\"type\":\"default\",\"iid\":\"ins_test\",\"rid\":\"" + id + "\"}";
		return "https://img.clerk.com/"
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static <T> T required(T argument, String name) {
		return Objects.requireNonNull(argument, () -> name + " must not be null");
	}

	/**
	 * A fresh Clerk-style id.
	 * @param prefix the prefix, for example {@code user_}
	 * @return the id, unique in this JVM
	 */
	public static String newId(String prefix) {
		return prefix + "2" + Long.toString(sequence.incrementAndGet(), 36)
				+ Long.toString(System.nanoTime() & 0xFFFFF, 36);
	}

}
