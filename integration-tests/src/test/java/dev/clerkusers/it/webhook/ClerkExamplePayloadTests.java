package dev.clerkusers.it.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

import dev.clerkusers.it.Tables;
import dev.clerkusers.organizations.InvitationStatus;
import dev.clerkusers.organizations.OrganizationInvitationRepository;
import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.StoredWebhookEvent;
import dev.clerkusers.webhook.WebhookEventStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's webhook handlers on Clerk's own example payloads, verbatim: the examples
 * of Clerk's webhook schema ({@code clerk/openapi-specs}
 * {@code webhooks/2025-04-15.yml}), kept with the field lists the test kit is checked
 * against ({@code clerk-users-test/src/test/resources/clerk-webhook-schema}). They tell
 * one story (a user signs up and in, creates an organization, a member joins by
 * invitation, is made admin and removed) with envelope times in seconds, and a removal
 * whose {@code updated_at} equals its {@code created_at}.
 */
@WebhookApplicationTest
class ClerkExamplePayloadTests {

	private static final String USER = "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S";

	private static final String MEMBER = "user_2h8op3Isl1QR7tKu5FGNfaLKEoU";

	private static final String ORGANIZATION = "org_2g7np7Hrk0SN6kj5EDMLDaKNL0S";

	private static final String MEMBERSHIP = "orgmem_2g7np7Hrk0SN6kj5EDMLDaKNL0S";

	private static final String INVITATION = "orginv_2g7np7Hrk0SN6kj5EDMLDaKNL0S";

	/** {@code 1716883200000}, the time of every example's creation. */
	private static final Instant CREATED = Instant.ofEpochMilli(1_716_883_200_000L);

	/** {@code 1716883500000}, the time of the examples' updates. */
	private static final Instant UPDATED = Instant.ofEpochMilli(1_716_883_500_000L);

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	OrganizationRepository organizations;

	@Autowired
	OrganizationMembershipRepository memberships;

	@Autowired
	OrganizationInvitationRepository invitations;

	@Autowired
	ClerkWebhookInbox inbox;

	@Autowired
	ApplicationContext context;

	ClerkWebhookClient webhooks;

	@Autowired
	WebhookTestConfiguration.FlakyHandler flaky;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.flaky.reset();
		this.webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
	}

	@Test
	void usersAndSessionsFollowClerksExamples() {
		deliver("user.created");
		ClerkUser user = this.users.findByClerkId(USER).orElseThrow();
		assertThat(user.isActive()).isTrue();
		assertThat(user.getFirstName()).isEqualTo("John");
		assertThat(user.getClerkUpdatedAt()).isEqualTo(CREATED);
		deliver("user.updated");
		assertThat(this.users.findByClerkId(USER).orElseThrow().getClerkUpdatedAt()).isEqualTo(UPDATED);

		deliver("session.created");
		assertThat(this.users.findByClerkId(USER).orElseThrow().getLastLogin()).isEqualTo(CREATED);
		deliver("session.ended");
		assertThat(this.users.findByClerkId(USER).orElseThrow().getLastLogout()).isEqualTo(CREATED);
		deliver("session.revoked");
		deliver("session.removed");

		deliver("user.deleted");
		ClerkUser deleted = this.users.findByClerkId(USER).orElseThrow();
		assertThat(deleted.isActive()).isFalse();
		assertThat(deleted.getDeletedAt()).as("dated by the envelope's timestamp, in seconds").isEqualTo(CREATED);
	}

	@Test
	void organizationsMembershipsAndInvitationsFollowClerksExamples() {
		deliver("organization.created");
		deliver("organization.updated");
		assertThat(this.organizations.findByClerkId(ORGANIZATION)).get()
			.satisfies((organization) -> assertThat(organization.isActive()).isTrue());

		deliver("organizationInvitation.created");
		assertThat(this.invitations.findByClerkId(INVITATION).orElseThrow().getStatus())
			.isEqualTo(InvitationStatus.PENDING);
		deliver("organizationInvitation.accepted");
		assertThat(this.invitations.findByClerkId(INVITATION).orElseThrow().getStatus())
			.isEqualTo(InvitationStatus.ACCEPTED);

		deliver("organizationMembership.created");
		assertThat(this.users.findByClerkId(MEMBER)).isPresent();
		deliver("organizationMembership.updated");
		assertThat(this.memberships.findByClerkId(MEMBERSHIP).orElseThrow().getRole()).isEqualTo("org:admin");

		deliver("organizationMembership.deleted");
		OrganizationMembership removed = this.memberships.findByClerkId(MEMBERSHIP).orElseThrow();
		assertThat(removed.isActive()).as("removed, although the removal's updated_at is its created_at").isFalse();

		deliver("organization.deleted");
		assertThat(this.organizations.findByClerkId(ORGANIZATION)).get()
			.satisfies((organization) -> assertThat(organization.isActive()).isFalse());
	}

	@Test
	void aRevokedInvitationFollowsClerksExample() {
		deliver("organizationInvitation.created");
		deliver("organizationInvitation.revoked");
		assertThat(this.invitations.findByClerkId(INVITATION).orElseThrow().getStatus())
			.isEqualTo(InvitationStatus.REVOKED);
	}

	/**
	 * Delivers Clerk's example of an event, field for field as the schema has it, signed
	 * now, and checks that it was answered 200 and processed.
	 */
	private void deliver(String event) {
		String body = JsonMapper.shared().writeValueAsString(example(event));
		Map<String, String> headers = ClerkWebhookSigner.test().sign(body);
		Delivery delivery = this.webhooks.post(body, headers);
		assertThat(delivery.status()).as(event).isEqualTo(200);
		StoredWebhookEvent stored = this.inbox.find(headers.get("svix-id")).orElseThrow();
		assertThat(stored.status()).as("%s: %s", event, stored.lastError()).isEqualTo(WebhookEventStatus.PROCESSED);
	}

	private static Object example(String event) {
		String resource = "/clerk-webhook-schema/" + event + ".json";
		try (InputStream in = ClerkExamplePayloadTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return JsonMapper.shared().readValue(in, Map.class).get("example");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
