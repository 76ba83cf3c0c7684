package dev.clerkusers.test.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.data.ClerkUserBuilder;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event the kit builds, checked against the field lists of Clerk's webhook schema
 * ({@code src/test/resources/clerk-webhook-schema}, see the README there).
 */
class ClerkWebhookSchemaTests {

	private static final Instant SIGNED_IN = Instant.parse("2026-02-01T09:30:00Z");

	static Stream<Arguments> events() {
		ClerkOrganizationBuilder organization = ClerkData.organization("org_2schema")
			.name("Acme", "acme")
			.imageUrl("https://img.clerk.com/acme-logo")
			.publicMetadata(Map.of("plan", "pro"))
			.counts(3, 1);
		ClerkUserBuilder inviter = fullUser();
		return Stream.of(event("user.created, defaults", ClerkEvents.userCreated(ClerkData.user("user_2plain"))),
				event("user.created, every field set", ClerkEvents.userCreated(fullUser())),
				event("user.updated", ClerkEvents.userUpdated(fullUser().lockedFor(Duration.ofMinutes(30)))),
				event("user.deleted, a user with an external id", ClerkEvents.userDeleted(fullUser())),
				event("user.deleted, by id", ClerkEvents.userDeleted("user_2gone")),
				event("session.created", ClerkEvents.sessionCreated(ClerkData.session("sess_2new", "user_2plain"))),
				event("session.created, with an organization and the user",
						ClerkEvents.sessionCreated(ClerkData.session("sess_2org", "user_2full")
							.activeOrganization("org_2schema")
							.user(fullUser()))),
				event("session.ended", ClerkEvents.sessionEnded(ClerkData.session("sess_2ended", "user_2plain"))),
				event("session.ended, no latest activity",
						ClerkEvents
							.sessionEnded(ClerkData.session("sess_2quiet", "user_2plain").latestActivity(false))),
				event("session.revoked", ClerkEvents.sessionRevoked(ClerkData.session("sess_2revoked", "user_2plain"))),
				event("session.removed", ClerkEvents.sessionRemoved(ClerkData.session("sess_2removed", "user_2plain"))),
				event("organization.created, defaults",
						ClerkEvents.organizationCreated(ClerkData.organization("org_2plain"))),
				event("organization.updated, logo and metadata", ClerkEvents.organizationUpdated(organization)),
				event("organization.deleted", ClerkEvents.organizationDeleted(organization)),
				event("organization.deleted, by id", ClerkEvents.organizationDeleted("org_2gone")),
				event("organizationMembership.created, defaults",
						ClerkEvents
							.membershipCreated(ClerkData.membership("orgmem_2plain", organization, "user_2plain"))),
				event("organizationMembership.updated, admin with an image",
						ClerkEvents.membershipUpdated(ClerkData.membership("orgmem_2admin", organization, "user_2full")
							.role("org:admin", "org:sys_memberships:manage")
							.memberImageUrl("https://img.clerk.com/ada")
							.member("Ada", "Lovelace", "ada@example.com"))),
				event("organizationMembership.deleted",
						ClerkEvents
							.membershipDeleted(ClerkData.membership("orgmem_2gone", organization, "user_2plain"))),
				event("organizationInvitation.created, no inviter",
						ClerkEvents.invitationCreated(
								ClerkData.invitation("orginv_2plain", "org_2schema", "grace@example.com"))),
				event("organizationInvitation.created, by a user",
						ClerkEvents
							.invitationCreated(ClerkData.invitation("orginv_2by", organization, "grace@example.com")
								.inviter(inviter)
								.role("org:admin"))),
				event("organizationInvitation.created, by an id", ClerkEvents.invitationCreated(
						ClerkData.invitation("orginv_2id", organization, "grace@example.com").inviter("user_2full"))),
				event("organizationInvitation.accepted",
						ClerkEvents
							.invitationAccepted(ClerkData.invitation("orginv_2ok", organization, "grace@example.com")
								.acceptedBy("user_2grace"))),
				event("organizationInvitation.revoked", ClerkEvents
					.invitationRevoked(ClerkData.invitation("orginv_2no", organization, "grace@example.com"))));
	}

	private static ClerkUserBuilder fullUser() {
		return ClerkData.user("user_2full")
			.email("ada@example.com")
			.email("ada@work.example.com", false, false)
			.name("Ada", "Lovelace")
			.username("ada")
			.externalId("ext-42")
			.imageUrl("https://img.clerk.com/ada")
			.publicMetadata(Map.of("role", "engineer"))
			.privateMetadata(Map.of("tier", 3))
			.unsafeMetadata(Map.of("theme", "dark"))
			.passwordDigest("$2a$10$abcdefghijklmnopqrstuv")
			.lastSignInAt(SIGNED_IN)
			.legalAcceptedAt(SIGNED_IN)
			.mfaEnabledAt(SIGNED_IN);
	}

	private static Arguments event(String name, ClerkEvent event) {
		return Arguments.of(Named.of(name, event));
	}

	@ParameterizedTest
	@MethodSource("events")
	void matchesClerksSchema(ClerkEvent event) {
		ClerkWebhookSchema schema = ClerkWebhookSchema.of(event.type());
		assertThat(schema.violations(ClerkWebhookSchema.asSent(event))).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("events")
	void hasEveryFieldOfClerksExample(ClerkEvent event) {
		ClerkWebhookSchema schema = ClerkWebhookSchema.of(event.type());
		Map<String, Object> payload = ClerkWebhookSchema.asSent(event);
		Set<String> missing = schema.exampleFieldsMissingFrom(payload);
		if (event.type().equals("user.deleted") && !data(payload).containsKey("external_id")) {
			// Clerk sends external_id with user.deleted only for a user that has one
			// (optional in the schema, added by clerk/javascript PR #7209): a user
			// without one has none to send.
			missing.remove("external_id");
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void aMissingRequiredFieldFails() {
		Map<String, Object> payload = ClerkWebhookSchema.asSent(ClerkEvents.userCreated(fullUser()));
		data(payload).remove("enterprise_accounts");
		assertThat(ClerkWebhookSchema.of("user.created").violations(payload))
			.containsExactly("data.enterprise_accounts: required by Clerk's schema, missing");
	}

	@Test
	void aMistypedFieldFails() {
		Map<String, Object> payload = ClerkWebhookSchema.asSent(ClerkEvents.userCreated(fullUser()));
		data(payload).put("has_image", "true");
		assertThat(ClerkWebhookSchema.of("user.created").violations(payload))
			.containsExactly("data.has_image: string where Clerk's schema has boolean");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aNullWhereClerkNeverSendsOneFails() {
		Map<String, Object> payload = ClerkWebhookSchema.asSent(ClerkEvents
			.membershipCreated(ClerkData.membership("orgmem_1", ClerkData.organization("org_1"), "user_1")));
		((Map<String, Object>) data(payload).get("organization")).put("image_url", null);
		assertThat(ClerkWebhookSchema.of("organizationMembership.created").violations(payload))
			.containsExactly("data.organization.image_url: null, which Clerk's schema does not allow");
	}

	@Test
	void aTimeInSecondsInsideDataFails() {
		Map<String, Object> payload = ClerkWebhookSchema
			.asSent(ClerkEvents.sessionCreated(ClerkData.session("sess_1", "user_1")));
		data(payload).put("expire_at", 1_716_969_600L);
		assertThat(ClerkWebhookSchema.of("session.created").violations(payload))
			.containsExactly("data.expire_at: 1716969600 is not a time in epoch milliseconds");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aFieldClerkDoesNotHaveFails() {
		Map<String, Object> payload = ClerkWebhookSchema.asSent(ClerkEvents.userCreated(fullUser()));
		((List<Map<String, Object>>) data(payload).get("email_addresses")).get(0).put("primary", true);
		assertThat(ClerkWebhookSchema.of("user.created").violations(payload))
			.containsExactly("data.email_addresses[].primary: not in Clerk's schema");
	}

	@Test
	void clerksOwnExamplesHaveTheFieldsTheKitIsCheckedFor() {
		ClerkWebhookSchema schema = ClerkWebhookSchema.of("session.ended");
		assertThat(schema.violations(schema.example())).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> payload) {
		return (Map<String, Object>) payload.get("data");
	}

}
