package dev.clerkusers.test.webhook;

import java.time.Instant;
import java.util.Map;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkJson;
import dev.clerkusers.test.data.ClerkMembershipBuilder;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.data.ClerkUserBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * How the kit's events behave from one event to the next, as Clerk's do.
 */
class ClerkEventsTests {

	private static final Instant T1 = Instant.parse("2026-05-01T10:00:00Z");

	@Test
	void eachEventFromOneBuilderMovesUpdatedAtForwardAndDatesItsEnvelopeTheSame() {
		ClerkUserBuilder user = ClerkData.user("user_1").email("ada@example.com").createdAt(T1);
		ClerkEvent created = ClerkEvents.userCreated(user);
		ClerkEvent renamed = ClerkEvents.userUpdated(user.name("Ada", null));
		ClerkEvent renamedAgain = ClerkEvents.userUpdated(user.name("Ada", "Lovelace"));
		assertThat(updatedAt(created)).isEqualTo(T1.toEpochMilli());
		assertThat(updatedAt(renamed)).isEqualTo(T1.plusSeconds(1).toEpochMilli());
		assertThat(updatedAt(renamedAgain)).isEqualTo(T1.plusSeconds(2).toEpochMilli());
		for (ClerkEvent event : new ClerkEvent[] { created, renamed, renamedAgain }) {
			assertThat(event.toMap().get("timestamp")).isEqualTo(updatedAt(event));
			assertThat(event.timestamp()).isEqualTo(Instant.ofEpochMilli(updatedAt(event)));
		}
		assertThat(data(created)).containsEntry("created_at", T1.toEpochMilli());
	}

	/**
	 * Adding an object to the fake backend is a change in Clerk too: an event built
	 * afterwards from the same builder is newer than what the fake serves, so that an
	 * application that fetched the object first still applies the event.
	 */
	@Test
	void anEventAfterTheFakeBackendServedTheObjectIsNewerThanWhatItServed() {
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			ClerkUserBuilder user = clerk.addUser(ClerkData.user("user_1").email("ada@example.com").createdAt(T1));
			Object served = clerk.user("user_1").orElseThrow().get("updated_at");
			ClerkEvent renamed = ClerkEvents.userUpdated(user.name("Ada", "King"));
			assertThat(updatedAt(renamed)).isGreaterThan((Long) served);
			clerk.addUser(user.name("Ada", "Lovelace"));
			assertThat((Long) clerk.user("user_1").orElseThrow().get("updated_at")).isGreaterThan(updatedAt(renamed));
			ClerkMembershipBuilder membership = clerk
				.addMembership(ClerkData.membership("orgmem_1", ClerkData.organization("org_1"), "user_1"));
			Object servedMembership = clerk.collection(FakeClerkBackend.MEMBERSHIPS)
				.values()
				.stream()
				.map((value) -> ((Map<?, ?>) value).get("updated_at"))
				.findFirst()
				.orElseThrow();
			assertThat(updatedAt(ClerkEvents.membershipUpdated(membership.role("org:admin"))))
				.isGreaterThan((Long) servedMembership);
		}
	}

	/**
	 * Black-box run 327 F1: a membership event carries its organization, as Clerk's does,
	 * but did not count as a revision of the organization's builder, so an
	 * {@code organization.updated} built afterwards carried the same {@code updated_at}
	 * as the organization the membership event had stored, and was answered stale: a
	 * rename never applied. The organization a membership event or the fake carries is a
	 * revision of its builder.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void anOrganizationCarriedByAMembershipIsARevisionOfItsBuilder() {
		ClerkOrganizationBuilder organization = ClerkData.organization("org_1").name("Before", "kit").createdAt(T1);
		ClerkEvent joined = ClerkEvents.membershipCreated(ClerkData.membership("orgmem_1", organization, "user_1"));
		ClerkEvent renamed = ClerkEvents.organizationUpdated(organization.name("After", "kit"));
		assertThat(updatedAt(renamed)).isGreaterThan(carriedOrganizationUpdatedAt(data(joined)));
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addMembership(ClerkData.membership("orgmem_2", organization, "user_2"));
			Map<String, ?> served = (Map<String, ?>) clerk.collection(FakeClerkBackend.MEMBERSHIPS).get("orgmem_2");
			assertThat(updatedAt(ClerkEvents.organizationUpdated(organization.name("Later", "kit"))))
				.isGreaterThan(carriedOrganizationUpdatedAt(served));
		}
	}

	@SuppressWarnings("unchecked")
	private static long carriedOrganizationUpdatedAt(Map<String, ?> membership) {
		return ((Number) ((Map<String, Object>) membership.get("organization")).get("updated_at")).longValue();
	}

	@Test
	void anUpdatedAtSetWinsAlsoWhenItIsEarlier() {
		ClerkUserBuilder user = ClerkData.user("user_1").updatedAt(T1);
		ClerkEvents.userCreated(user);
		ClerkEvent late = ClerkEvents.userUpdated(user.updatedAt(T1.minusSeconds(60)));
		assertThat(updatedAt(late)).isEqualTo(T1.minusSeconds(60).toEpochMilli());
		assertThat(updatedAt(ClerkEvents.userUpdated(user))).isEqualTo(T1.minusSeconds(59).toEpochMilli());
	}

	@Test
	void theEnvelopeTimestampIsWrittenInMillisecondsOrOnRequestInSeconds() {
		ClerkEvent event = ClerkEvents.userCreated(ClerkData.user("user_1").updatedAt(T1));
		assertThat(event.toMap()).containsEntry("timestamp", T1.toEpochMilli());
		assertThat(event.timestampInSeconds().toMap()).containsEntry("timestamp", T1.getEpochSecond());
	}

	@Test
	void aRemovedMembershipKeepsItsUpdatedAtAndIsDatedByItsEnvelope() {
		ClerkMembershipBuilder membership = ClerkData.membership("orgmem_1", ClerkData.organization("org_1"), "user_1")
			.createdAt(T1);
		ClerkEvents.membershipCreated(membership);
		ClerkEvent removed = ClerkEvents.membershipDeleted(membership);
		assertThat(data(removed)).containsEntry("updated_at", T1.toEpochMilli())
			.containsEntry("created_at", T1.toEpochMilli());
		assertThat(removed.timestamp()).isEqualTo(T1.plusSeconds(1));
	}

	@Test
	void aDeletedObjectIsDatedNow() {
		Instant before = Instant.now();
		assertThat(ClerkEvents.userDeleted("user_1").timestamp()).isBetween(before, Instant.now());
	}

	@Test
	void aDeletedUserCarriesItsExternalIdAsClerksDoes() {
		ClerkUserBuilder user = ClerkData.user("user_1").externalId("ext_1").updatedAt(T1);
		ClerkEvent deleted = ClerkEvents.userDeleted(user);
		assertThat(data(deleted)).containsExactlyInAnyOrderEntriesOf(
				Map.of("object", "user", "id", "user_1", "deleted", true, "external_id", "ext_1"));
		assertThat(deleted.timestamp()).isEqualTo(T1.plusSeconds(1));
		assertThat(data(ClerkEvents.userDeleted(ClerkData.user("user_2")))).doesNotContainKey("external_id");
	}

	@Test
	void aDeletedOrganizationCarriesItsSlugAsClerksDoes() {
		ClerkEvent deleted = ClerkEvents
			.organizationDeleted(ClerkData.organization("org_1").name("Acme", "acme").updatedAt(T1));
		assertThat(data(deleted)).containsExactlyInAnyOrderEntriesOf(
				Map.of("object", "organization", "id", "org_1", "slug", "acme", "deleted", true));
		assertThat(deleted.timestamp()).isEqualTo(T1.plusSeconds(1));
		assertThat(data(ClerkEvents.organizationDeleted("org_2"))).containsEntry("slug",
				ClerkData.organization("org_2").slug());
	}

	@Test
	void anEndedSessionAlwaysCarriesItsUser() {
		Map<String, Object> session = data(ClerkEvents.sessionEnded(ClerkData.session("sess_1", "user_1")));
		assertThat(session).containsEntry("status", "ended");
		assertThat(session.get("user")).isInstanceOfSatisfying(Map.class,
				(user) -> assertThat(user).containsEntry("id", "user_1"));
	}

	/**
	 * Black-box run 278, F3: the kit left out fields Clerk sends (platform reference B4):
	 * a user's {@code bypass_client_trust}, and a member's {@code username},
	 * {@code banned} and {@code deprovisioned} in a membership's
	 * {@code public_user_data}.
	 */
	@Test
	void carriesTheFieldsClerkSendsThatTestingMdDoesNotListAsLeftOut() {
		assertThat(data(ClerkEvents.userCreated(ClerkData.user("user_1")))).containsEntry("bypass_client_trust", false);
		assertThat(publicUserData(ClerkData.membership("orgmem_1", ClerkData.organization("org_1"), "user_1")))
			.containsEntry("username", null)
			.containsEntry("banned", false)
			.containsEntry("deprovisioned", false);
	}

	@Test
	void hasImageAgreesWithTheImageEverywhere() {
		assertThat(data(ClerkEvents.userCreated(ClerkData.user("user_1")))).containsEntry("has_image", false)
			.hasEntrySatisfying("image_url", (url) -> assertThat((String) url).startsWith("https://img.clerk.com/"));
		assertThat(data(ClerkEvents.userCreated(ClerkData.user("user_1").imageUrl("https://img.clerk.com/ada"))))
			.containsEntry("has_image", true)
			.containsEntry("image_url", "https://img.clerk.com/ada")
			.containsEntry("profile_image_url", "https://img.clerk.com/ada");
		Map<String, Object> member = publicUserData(
				ClerkData.membership("orgmem_1", ClerkData.organization("org_1"), "user_1"));
		assertThat(member).containsEntry("has_image", false);
		assertThat(member.get("image_url")).isEqualTo(member.get("profile_image_url"));
		assertThat(publicUserData(ClerkData.membership("orgmem_1", ClerkData.organization("org_1"), "user_1")
			.memberImageUrl("https://img.clerk.com/ada"))).containsEntry("has_image", true)
			.containsEntry("image_url", "https://img.clerk.com/ada");
	}

	@Test
	void roleNameIsTheRolesDisplayName() {
		ClerkMembershipBuilder membership = ClerkData.membership("orgmem_1", ClerkData.organization("org_1"), "user_1");
		assertThat(membership.toMap()).containsEntry("role", "org:member").containsEntry("role_name", "Member");
		assertThat(membership.role("org:billing_manager").toMap()).containsEntry("role_name", "Billing manager");
		assertThat(membership.roleName("Accounts").toMap()).containsEntry("role_name", "Accounts");
		assertThat(ClerkData.invitation("orginv_1", "org_1", "a@example.com").role("org:admin").toMap())
			.containsEntry("role", "org:admin")
			.containsEntry("role_name", "Admin");
	}

	/**
	 * Black-box run 197: an event of no type was built and delivered, and answered 200
	 * {@code failed}, which a test that checks the status alone took for a delivery.
	 */
	@Test
	@SuppressWarnings("NullAway")
	void anEventNeedsAType() {
		assertThatNullPointerException().isThrownBy(() -> ClerkEvents.of(null, Map.of("id", "user_ada")))
			.withMessage("type must not be null");
		assertThatNullPointerException().isThrownBy(() -> ClerkEvents.of(null, ClerkData.user("user_ada")))
			.withMessage("type must not be null");
	}

	/**
	 * Black-box run 198, F4: an event of no data failed with the JDK's words
	 * ({@code "m" is null}), a webhook client of no URL or a post of no headers with
	 * {@code this.input is null} or a bare {@code NullPointerException}.
	 */
	@Test
	@SuppressWarnings("NullAway")
	void aNullArgumentIsRefusedNamingIt() {
		assertThatNullPointerException().isThrownBy(() -> ClerkEvents.of("user.created", (Map<String, Object>) null))
			.withMessage("data must not be null");
		assertThatNullPointerException().isThrownBy(() -> ClerkEvents.of("user.created", (ClerkJson) null))
			.withMessage("data must not be null");
		assertThatNullPointerException().isThrownBy(() -> ClerkWebhookClient.to(null))
			.withMessage("url must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> ClerkWebhookClient.to("http://localhost:1/clerk/webhooks", null))
			.withMessage("signer must not be null");
		ClerkWebhookClient client = ClerkWebhookClient.to("http://localhost:1/clerk/webhooks");
		assertThatNullPointerException().isThrownBy(() -> client.post(null, Map.of()))
			.withMessage("body must not be null");
		assertThatNullPointerException().isThrownBy(() -> client.post("{}", null))
			.withMessage("headers must not be null");
		assertThatNullPointerException().isThrownBy(() -> client.deliver(null)).withMessage("event must not be null");
		assertThatNullPointerException().isThrownBy(() -> client.from(null)).withMessage("clerk must not be null");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> publicUserData(ClerkMembershipBuilder membership) {
		return (Map<String, Object>) membership.toMap().get("public_user_data");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(ClerkEvent event) {
		return (Map<String, Object>) event.toMap().get("data");
	}

	private static long updatedAt(ClerkEvent event) {
		return ((Number) data(event).get("updated_at")).longValue();
	}

}
