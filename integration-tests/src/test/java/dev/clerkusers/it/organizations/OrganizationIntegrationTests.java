package dev.clerkusers.it.organizations;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.LockWaits;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.organizations.InvitationStatus;
import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationInvitationRepository;
import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.webhook.InvitationAcceptedEvent;
import dev.clerkusers.organizations.webhook.InvitationRevokedEvent;
import dev.clerkusers.organizations.webhook.MembershipCreatedEvent;
import dev.clerkusers.organizations.webhook.MembershipDeletedEvent;
import dev.clerkusers.organizations.webhook.MembershipUpdatedEvent;
import dev.clerkusers.organizations.webhook.OrganizationCreatedEvent;
import dev.clerkusers.organizations.webhook.OrganizationDeletedEvent;
import dev.clerkusers.organizations.webhook.OrganizationUpdatedEvent;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkMembershipBuilder;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserSynchronizer;
import jakarta.persistence.EntityManagerFactory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Organizations end to end: signed webhooks into PostgreSQL, then requests whose tokens
 * name the organization.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(OrganizationTestApplicationConfiguration.class)
class OrganizationIntegrationTests {

	private static final Instant T1 = Instant.parse("2026-05-01T10:00:00Z");

	private static final Instant T2 = Instant.parse("2026-05-01T11:00:00Z");

	private static final Instant T3 = Instant.parse("2026-05-01T12:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	OrganizationRepository organizations;

	@Autowired
	OrganizationMembershipRepository memberships;

	@Autowired
	OrganizationInvitationRepository invitations;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	OrganizationService organizationService;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganizationTestApplicationConfiguration.OrganizationEventRecorder recorder;

	@Autowired
	ClerkSync sync;

	ClerkWebhookClient webhooks;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.recorder.events.clear();
		this.clerk.reset();
		this.webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
	}

	@Nested
	class Webhooks {

		@Test
		void organizationsAreUpsertedWithTheOrderingGuardAndDeletedWithATombstone() {
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			assertThat(organizations.findByClerkId("org_acme")).get()
				.extracting(Organization::getName)
				.isEqualTo("Acme");
			deliver(ClerkEvents.organizationUpdated(acme().name("Acme Corp", "acme").updatedAt(T2)));
			deliver(ClerkEvents.organizationUpdated(acme().name("Acme Old", "acme").updatedAt(T1)));
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getName()).isEqualTo("Acme Corp");
			deliver(ClerkEvents.organizationDeleted("org_acme").timestamp(T3));
			Organization deleted = organizations.findByClerkId("org_acme").orElseThrow();
			assertThat(deleted.isActive()).isFalse();
			assertThat(deleted.getDeletedAt()).isEqualTo(T3);
			deliver(ClerkEvents.organizationUpdated(acme().name("Revived?", "acme").updatedAt(T3.plusSeconds(60))));
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().isActive()).isFalse();
		}

		/**
		 * Black-box run 247 (F1): a membership read through the request context's cache
		 * carried its user as it was cached with it, so its user's ban, new rights and
		 * deletion went unseen on it until the cache's time to live ended. A user's
		 * change evicts the user's cached memberships with the user.
		 */
		@Test
		void aCachedMembershipCarriesItsUsersLatestState() {
			deliver(ClerkEvents.userCreated(ClerkData.user("user_cached").email("cached@example.com").updatedAt(T1)));
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_cached", acme(), "user_cached").createdAt(T1).updatedAt(T1)));
			assertThat(cachedMembersUser().isActive()).isTrue();

			deliver(ClerkEvents
				.userUpdated(ClerkData.user("user_cached").email("cached@example.com").banned(true).updatedAt(T2)));
			assertThat(cachedMembersUser().isActive()).as("banned").isFalse();

			context.getBean(ClerkUserAccounts.class)
				.setRoles(users.findByClerkId("user_cached").orElseThrow().getUid(), true, false);
			assertThat(cachedMembersUser().isStaff()).as("made staff").isTrue();

			deliver(ClerkEvents.userDeleted("user_cached").timestamp(T3));
			assertThat(cachedMembersUser().isDeleted()).as("deleted").isTrue();
		}

		private ClerkUser cachedMembersUser() {
			return organizationService.findActiveMembershipCached("org_acme", "user_cached").orElseThrow().getUser();
		}

		/**
		 * A membership delivered while its organization's deletion is being committed
		 * (Svix delivers in parallel): the membership's writes wait for the organization,
		 * and then see the deletion, which stays, and the membership of a deleted
		 * organization is not stored.
		 */
		@Test
		void aMembershipArrivingDuringItsOrganizationsDeletionLeavesTheDeletion() throws Exception {
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			whileTheDeletionOfAcmeIsCommitted(() -> {
				deliver(ClerkEvents
					.membershipCreated(ClerkData.membership("orgmem_race", acme(), "user_racer").updatedAt(T2)));
				return null;
			});
			Organization organization = organizations.findByClerkId("org_acme").orElseThrow();
			assertThat(organization.isActive()).isFalse();
			assertThat(organization.getDeletedAt()).isEqualTo(T3);
			assertThat(memberships.findByClerkId("orgmem_race")).isEmpty();
			assertThat(organization.getMembersCount()).isZero();
		}

		/**
		 * A membership that arrives before its user stores a placeholder for the user;
		 * when the user's data then shows the verified primary email of an existing local
		 * account, the placeholder is merged into that account (linking through the
		 * verified email, as without the membership), and the membership follows.
		 */
		@Test
		void aPlaceholderStoredByAnEarlyMembershipIsMergedIntoTheLocalAccountOfItsVerifiedEmail() {
			ClerkUser staff = context.getBean(ClerkUserAccounts.class)
				.createSuperuser("grace@example.com", "staff-password-1");
			deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_grace", acme(), "user_grace")
				.member("Grace", "Hopper", null)
				.createdAt(T1)
				.updatedAt(T1)));
			assertThat(users.findByClerkId("user_grace")).get().satisfies((placeholder) -> {
				assertThat(placeholder.isSyncPending()).isTrue();
				assertThat(placeholder.getUid()).isNotEqualTo(staff.getUid());
			});
			deliver(ClerkEvents.userCreated(ClerkData.user("user_grace").email("grace@example.com")));
			ClerkUser linked = users.findByClerkId("user_grace").orElseThrow();
			assertThat(linked.getUid()).as("the local account, linked").isEqualTo(staff.getUid());
			assertThat(linked.getEmail()).isEqualTo("grace@example.com");
			assertThat(linked.isSyncPending()).isFalse();
			assertThat(users.count()).isOne();
			OrganizationMembership membership = memberships.findByClerkId("orgmem_grace").orElseThrow();
			assertThat(membership.getUser().getUid()).isEqualTo(staff.getUid());
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isOne();
		}

		/**
		 * A new Clerk user who takes over a deleted user's account through its verified
		 * email gets the account, not the deleted user's memberships: they end.
		 */
		@Test
		void aReactivatedAccountDoesNotInheritTheDeletedUsersMemberships() {
			deliver(ClerkEvents.userCreated(ClerkData.user("user_old").email("shared-seat@example.com").updatedAt(T1)));
			deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_old", acme(), "user_old")
				.role("org:admin")
				.createdAt(T1)
				.updatedAt(T1)));
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isOne();
			deliver(ClerkEvents.userDeleted("user_old").timestamp(T2));
			deliver(ClerkEvents
				.userCreated(ClerkData.user("user_new").email("shared-seat@example.com").createdAt(T3).updatedAt(T3)));
			assertThat(users.findByClerkId("user_new")).get().satisfies((user) -> assertThat(user.isActive()).isTrue());
			assertThat(memberships.findMembership("org_acme", "user_new")).isEmpty();
			assertThat(memberships.findMembership("org_acme", "user_old")).get()
				.satisfies((membership) -> assertThat(membership.isActive()).as("ended").isFalse());
			assertThat(organizationService.findActiveMembershipCached("org_acme", "user_new")).isEmpty();
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
		}

		/**
		 * Black-box run 42 (F2b): the deleted user's memberships stayed on the account
		 * that a new Clerk user took over, under their ids, while the deleted user's late
		 * events went to its own tombstone row. A late creation of another of its
		 * memberships was stored as active, and the next one failed for good on the
		 * membership id the account still held. The deleted user's memberships go with
		 * its tombstone, ended, so its late events find them.
		 */
		@Test
		void theLateEventsOfADeletedUserWhoseAccountWasTakenOverFindItsMemberships() {
			deliver(ClerkEvents.userCreated(ClerkData.user("user_left").email("seat-two@example.com").updatedAt(T1)));
			deliver(ClerkEvents
				.membershipDeleted(ClerkData.membership("orgmem_second", acme(), "user_left")
					.createdAt(T1.plusSeconds(20))
					.updatedAt(T1.plusSeconds(20)))
				.timestamp(T1.plusSeconds(30)));
			deliver(ClerkEvents.userDeleted("user_left").timestamp(T2));
			deliver(ClerkEvents
				.userCreated(ClerkData.user("user_took").email("seat-two@example.com").createdAt(T3).updatedAt(T3)));
			ClerkMembershipBuilder first = ClerkData.membership("orgmem_first", acme(), "user_left")
				.createdAt(T1.plusSeconds(5))
				.updatedAt(T1.plusSeconds(5));
			ClerkMembershipBuilder second = ClerkData.membership("orgmem_second", acme(), "user_left")
				.createdAt(T1.plusSeconds(20))
				.updatedAt(T1.plusSeconds(20));
			for (ClerkEvent late : List.of(ClerkEvents.membershipCreated(first),
					ClerkEvents.membershipDeleted(first).timestamp(T1.plusSeconds(10)),
					ClerkEvents.membershipCreated(second))) {
				assertThat(webhooks.deliver(late).body()).as(late.type()).doesNotContain("\"failed\"");
			}
			assertThat(jdbc.queryForObject(
					"select count(*) from clerk_organization_memberships where deleted_at is null", Long.class))
				.isZero();
			assertThat(memberships.findMembership("org_acme", "user_took")).isEmpty();
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
		}

		/**
		 * Run 48, F4: the memberships a takeover ends were dated by this server's clock.
		 * With Clerk's clock ahead of it (within the clock skew, or by an hour here), a
		 * late update of one, which Clerk made before the user's deletion, was newer than
		 * that date and made the deleted user a member again. They end as of the user's
		 * deletion, which Clerk dated.
		 */
		@Test
		void aTakeoverEndsTheDeletedUsersMembershipsAsOfItsDeletionNotThisServersClock() {
			Instant ahead = Instant.now().plus(Duration.ofHours(1));
			deliver(ClerkEvents.userCreated(
					ClerkData.user("user_ahead").email("ahead-seat@example.com").createdAt(ahead).updatedAt(ahead)));
			deliver(ClerkEvents.organizationCreated(acme()));
			ClerkMembershipBuilder membership = ClerkData.membership("orgmem_ahead", acme(), "user_ahead")
				.createdAt(ahead.plusSeconds(1))
				.updatedAt(ahead.plusSeconds(1));
			deliver(ClerkEvents.membershipCreated(membership));
			ClerkEvent roleChanged = ClerkEvents
				.membershipUpdated(membership.role("org:admin").updatedAt(ahead.plusSeconds(2)));
			deliver(ClerkEvents.userDeleted("user_ahead").timestamp(ahead.plusSeconds(3)));
			deliver(ClerkEvents.userCreated(ClerkData.user("user_after")
				.email("ahead-seat@example.com")
				.createdAt(ahead.plusSeconds(4))
				.updatedAt(ahead.plusSeconds(4))));
			assertThat(webhooks.deliver(roleChanged).body()).doesNotContain("\"failed\"");
			assertThat(jdbc.queryForObject(
					"select count(*) from clerk_organization_memberships where deleted_at is null", Long.class))
				.isZero();
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
		}

		/**
		 * Review of 9149983 (fixed in f187506): a reconcile dates the deletion of a user
		 * Clerk no longer has by the sync's start, this server's clock. Ending the user's
		 * memberships as of that date at a takeover let a late update, which Clerk dated
		 * just after it (its clock a little ahead, within the clock skew), make the
		 * deleted user a member again. They end no earlier than the takeover.
		 */
		@Test
		void aTakeoverAfterAReconcileEndsTheMembershipsNoEarlierThanItself() {
			ClerkOrganizationBuilder organization = clerk.addOrganization(acme().updatedAt(T1));
			deliver(ClerkEvents.organizationCreated(organization));
			deliver(ClerkEvents.userCreated(ClerkData.user("user_gone").email("gone-seat@example.com").updatedAt(T1)));
			ClerkMembershipBuilder membership = clerk.addMembership(
					ClerkData.membership("orgmem_gone", organization, "user_gone").createdAt(T1).updatedAt(T1));
			deliver(ClerkEvents.membershipCreated(membership));
			sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (progress) -> {
			});
			Instant reconciledAt = users.findByClerkId("user_gone").orElseThrow().getDeletedAt();
			assertThat(reconciledAt).as("deleted by the reconcile").isNotNull();
			clerk.removeMembership("orgmem_gone");
			deliver(ClerkEvents.userCreated(ClerkData.user("user_next").email("gone-seat@example.com")));
			Instant justAfterTheReconcile = reconciledAt.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
			ClerkEvent late = ClerkEvents
				.membershipUpdated(membership.role("org:admin").updatedAt(justAfterTheReconcile));
			assertThat(webhooks.deliver(late).body()).doesNotContain("\"failed\"");
			assertThat(memberships.findByClerkId("orgmem_gone")).get()
				.satisfies((ended) -> assertThat(ended.isActive()).as("still ended").isFalse());
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
		}

		/**
		 * Review of 76c7fac: a late membership event of the deleted user, stored while a
		 * new Clerk user takes its account over, found the account under the deleted
		 * user's id, and its membership went to the new user. Taking the account waits
		 * for the deleted user's writers, as they wait for it.
		 */
		@Test
		void aLateMembershipOfADeletedUserStoredWhileItsAccountIsTakenOverStaysTheDeletedUsers() throws Exception {
			deliver(ClerkEvents
				.userCreated(ClerkData.user("user_racing").email("race-seat@example.com").updatedAt(T1)));
			deliver(ClerkEvents.organizationCreated(acme()));
			deliver(ClerkEvents.userDeleted("user_racing").timestamp(T2));
			OrganizationSynchronizer synchronizer = context.getBean(OrganizationSynchronizer.class);
			ClerkUserSynchronizer userSynchronizer = context.getBean(ClerkUserSynchronizer.class);
			LockWaits
				.whileCommitting(context.getBean(PlatformTransactionManager.class), jdbc,
						() -> userSynchronizer.upsertFromClerk(
								Resources.user(
										ClerkData.user("user_taking")
											.email("race-seat@example.com")
											.createdAt(T3)
											.updatedAt(T3)
											.toJsonNode())),
						() -> synchronizer.upsertMembership(ClerkResource.read(JsonMapper.shared()
							.valueToTree(ClerkData.membership("orgmem_racing", acme(), "user_racing")
								.createdAt(T1.plusSeconds(5))
								.updatedAt(T1.plusSeconds(5))
								.toMap()), OrganizationMembershipResource.class)));
			assertThat(users.findByClerkId("user_taking")).isPresent();
			assertThat(memberships.findMembership("org_acme", "user_taking")).isEmpty();
		}

		/**
		 * Black-box run 42 (F2a): a placeholder merged into a deleted user's account
		 * deleted the deleted user's removed membership of the same organization, its
		 * tombstone with it, so that membership's late creation brought it back as
		 * active.
		 */
		@Test
		void aMergeIntoADeletedAccountKeepsTheDeletedUsersRemovalsForItsLateEvents() {
			ClerkMembershipBuilder gone = ClerkData.membership("orgmem_was", acme(), "user_was")
				.createdAt(T1)
				.updatedAt(T1);
			deliver(ClerkEvents.userCreated(ClerkData.user("user_was").email("merge-seat@example.com").updatedAt(T1)));
			deliver(ClerkEvents.membershipCreated(gone));
			deliver(ClerkEvents.membershipDeleted(gone).timestamp(T1.plusSeconds(60)));
			deliver(ClerkEvents.userDeleted("user_was").timestamp(T2));
			deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_is", acme(), "user_is").createdAt(T3).updatedAt(T3)));
			deliver(ClerkEvents
				.userCreated(ClerkData.user("user_is").email("merge-seat@example.com").createdAt(T3).updatedAt(T3)));
			deliver(ClerkEvents.membershipCreated(gone).messageId("msg_late_copy_of_was"));
			assertThat(memberships.findByClerkId("orgmem_was").orElseThrow().isActive()).isFalse();
			assertThat(memberships.findByClerkId("orgmem_is").orElseThrow().isActive()).isTrue();
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isOne();
		}

		/**
		 * The account of the placeholder's verified email may be a deleted Clerk user's
		 * that was a member of the same organization: the placeholder's membership takes
		 * its place, and the merge goes through.
		 */
		@Test
		void aPlaceholderMergedIntoADeletedAccountWithAMembershipOfTheSameOrganization() {
			deliver(ClerkEvents.userCreated(ClerkData.user("user_gone").email("rejoin@example.com").updatedAt(T1)));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_gone", acme(), "user_gone").createdAt(T1).updatedAt(T1)));
			ClerkUser account = users.findByClerkId("user_gone").orElseThrow();
			deliver(ClerkEvents.userDeleted("user_gone").timestamp(T2));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_back", acme(), "user_back").createdAt(T3).updatedAt(T3)));
			deliver(ClerkEvents
				.userCreated(ClerkData.user("user_back").email("rejoin@example.com").createdAt(T3).updatedAt(T3)));
			ClerkUser back = users.findByClerkId("user_back").orElseThrow();
			assertThat(back.getUid()).isEqualTo(account.getUid());
			assertThat(back.isSyncPending()).isFalse();
			assertThat(memberships.findByClerkId("orgmem_back")).get()
				.satisfies((membership) -> assertThat(membership.getUser().getUid()).isEqualTo(account.getUid()));
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isOne();
		}

		/**
		 * A reconciliation that removes memberships recounts their organization: run
		 * while the organization's deletion is being committed, it waits for it and keeps
		 * the deletion.
		 */
		@Test
		void aReconciliationDuringItsOrganizationsDeletionLeavesTheDeletion() throws Exception {
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_stale", acme(), "user_stale").createdAt(T1).updatedAt(T1)));
			OrganizationSynchronizer synchronizer = context.getBean(OrganizationSynchronizer.class);
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			Integer removed = whileTheDeletionOfAcmeIsCommitted(() -> transaction
				.execute((status) -> synchronizer.removeMembershipsNotIn("org_acme", Set.of(), Instant.now())));
			assertThat(removed).isOne();
			Organization organization = organizations.findByClerkId("org_acme").orElseThrow();
			assertThat(organization.isActive()).isFalse();
			assertThat(organization.getDeletedAt()).isEqualTo(T3);
			assertThat(organization.getMembersCount()).isZero();
		}

		@Test
		void aMembershipOfAnUnknownUserCreatesTheUserAndTheOrganizationFromThePayload() {
			ClerkMembershipBuilder membership = ClerkData.membership("orgmem_1", acme(), "user_new_member")
				.role("org:admin", "org:teams:manage")
				.member("Grace", "Hopper", "grace@example.com")
				.createdAt(T1)
				.updatedAt(T1);
			deliver(ClerkEvents.membershipCreated(membership));
			ClerkUser user = users.findByClerkId("user_new_member").orElseThrow();
			assertThat(user.isSyncPending()).isTrue();
			assertThat(user.getFullName()).isEqualTo("Grace Hopper");
			assertThat(user.getEmail()).as("public data never links or fills an email").isNull();
			Organization organization = organizations.findByClerkId("org_acme").orElseThrow();
			assertThat(organization.getMembersCount()).isOne();
			OrganizationMembership stored = memberships.findByClerkId("orgmem_1").orElseThrow();
			assertThat(stored.getRole()).isEqualTo("org:admin");
			assertThat(stored.getPermissions()).containsExactly("org:teams:manage");
			assertThat(stored.getJoinedAt()).isEqualTo(T1);
			deliver(ClerkEvents.userCreated(ClerkData.user("user_new_member").email("grace@example.com")));
			assertThat(users.findByClerkId("user_new_member").orElseThrow().isSyncPending()).isFalse();
		}

		@Test
		void aMembershipIsStoredWhateverItsOrganizationsCosmeticValues() {
			String longest = "\uD83C\uDFE2".repeat(256);
			ClerkOrganizationBuilder organization = ClerkData.organization("org_long")
				.name(longest, "s".repeat(300))
				.updatedAt(T1);
			deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_long", organization, "user_long_member")
				.role("org:admin")
				.updatedAt(T1)));
			assertThat(memberships.findByClerkId("orgmem_long")).as("the membership decides access")
				.hasValueSatisfying((stored) -> assertThat(stored.getRole()).isEqualTo("org:admin"));
			Organization stored = organizations.findByClerkId("org_long").orElseThrow();
			assertThat(stored.getName()).as("Clerk's longest name, cut to the column in whole characters")
				.isEqualTo("\uD83C\uDFE2".repeat(255));
			assertThat(stored.getSlug()).as("a slug cut would be another slug").isNull();
		}

		@Test
		void aMembershipWhoseStartPostgresCannotHoldIsStoredWithoutIt() {
			Instant far = Instant.parse("+300000-01-01T00:00:00Z");
			deliver(ClerkEvents.membershipCreated(ClerkData
				.membership("orgmem_far", ClerkData.organization("org_far").updatedAt(T1), "user_far_member")
				.role("org:admin")
				.createdAt(far)
				.updatedAt(T1)));
			assertThat(memberships.findByClerkId("orgmem_far")).as("a time that decides nothing never stops a role")
				.hasValueSatisfying((stored) -> assertThat(stored.getRole()).isEqualTo("org:admin"));
		}

		/**
		 * Black-box run 81 F2: Jackson read a number as the string of its digits, so that
		 * an organization named {@code 12} was stored as named "12" instead of leaving
		 * the name out as any other value of an unexpected type.
		 */
		@Test
		void aNameThatIsANumberIsLeftOutNotReadAsItsDigits() {
			Map<String, @Nullable Object> organization = new LinkedHashMap<>(
					ClerkData.organization("org_numbered").updatedAt(T1).toMap());
			organization.put("name", 12);
			organization.put("slug", true);
			// Black-box run 92: who created it, which the library does not keep.
			organization.put("created_by", 5);
			assertThat(webhooks.deliver(ClerkEvents.of("organization.created", organization)).body())
				.doesNotContain("\"failed\"");
			assertThat(organizations.findByClerkId("org_numbered")).hasValueSatisfying((stored) -> {
				assertThat(stored.getName()).isNull();
				assertThat(stored.getSlug()).isNull();
			});
		}

		/**
		 * Black-box run 81 F3 and F4: permissions that are numbers were stored as
		 * strings, and an {@code updated_at} that is a numeric string or a fraction
		 * ordered the change. What decides access or orders the changes is taken only as
		 * it is typed.
		 */
		@Test
		void permissionsOrAnUpdatedAtOfAnotherJsonTypeFailTheEventNamingThem() {
			Map<String, @Nullable Object> membership = new LinkedHashMap<>(
					ClerkData.membership("orgmem_typed_p", acme().updatedAt(T1), "user_typed_p").toMap());
			membership.put("permissions", List.of(1, 2));
			assertFailsNaming(ClerkEvents.of("organizationMembership.created", membership), "permissions");
			membership.put("permissions", List.of("org:sys_profile:read"));
			membership.put("updated_at", String.valueOf(T2.toEpochMilli()));
			assertFailsNaming(ClerkEvents.of("organizationMembership.created", membership), "updated_at");
			membership.put("updated_at", T2.toEpochMilli() + 0.5);
			assertFailsNaming(ClerkEvents.of("organizationMembership.created", membership), "updated_at");
			assertThat(memberships.findByClerkId("orgmem_typed_p")).isEmpty();
		}

		/**
		 * Black-box run 92 (F4): a count beyond the range of its type failed the event,
		 * where a count of another type was left out; it is left out too.
		 */
		@Test
		void aCountBeyondTheRangeOfItsTypeIsLeftOut() {
			Map<String, @Nullable Object> organization = new LinkedHashMap<>(
					ClerkData.organization("org_counted").updatedAt(T1).toMap());
			organization.put("members_count", new BigInteger("99999999999999999999"));
			organization.put("max_allowed_memberships", 99_999_999_999L);
			assertThat(webhooks.deliver(ClerkEvents.of("organization.created", organization)).body())
				.contains("\"processed\"");
			assertThat(organizations.findByClerkId("org_counted")).isPresent();
		}

		@Test
		void aMembershipIsStoredWhateverTheTypesOfItsCosmeticValues() {
			Map<String, @Nullable Object> organization = new LinkedHashMap<>(
					ClerkData.organization("org_typed").updatedAt(T1).toMap());
			organization.put("name", Map.of("not", "a name"));
			organization.put("slug", List.of("not", "a", "slug"));
			organization.put("created_at", "yesterday");
			organization.put("pending_invitations_count", Map.of());
			Map<String, @Nullable Object> membership = new LinkedHashMap<>(
					ClerkData.membership("orgmem_typed", ClerkData.organization("org_typed"), "user_typed")
						.role("org:admin")
						.updatedAt(T1)
						.toMap());
			membership.put("organization", organization);
			membership.put("created_at", "yesterday");
			@SuppressWarnings("unchecked")
			Map<String, @Nullable Object> member = new LinkedHashMap<>(
					(Map<String, @Nullable Object>) membership.get("public_user_data"));
			member.put("identifier", Map.of("not", "an identifier"));
			membership.put("public_user_data", member);
			assertThat(webhooks.deliver(ClerkEvents.of("organizationMembership.created", membership)).body())
				.doesNotContain("\"failed\"");
			assertThat(memberships.findByClerkId("orgmem_typed")).as("the membership decides access")
				.hasValueSatisfying((stored) -> assertThat(stored.getRole()).isEqualTo("org:admin"));
			organization.put("updated_at", T2.toEpochMilli());
			assertThat(webhooks.deliver(ClerkEvents.of("organization.updated", organization)).body())
				.doesNotContain("\"failed\"");
			assertThat(organizations.findByClerkId("org_typed")).hasValueSatisfying((stored) -> {
				assertThat(stored.getName()).isNull();
				assertThat(stored.getSlug()).isNull();
				assertThat(stored.getClerkUpdatedAt()).isEqualTo(T2);
			});
		}

		@Test
		void anOrganizationAMembershipOrAnInvitationWithoutUpdatedAtFailsNamingIt() {
			Map<String, @Nullable Object> organization = new LinkedHashMap<>(acme().toMap());
			organization.remove("updated_at");
			assertFailsNaming(ClerkEvents.of("organization.created", organization), "has no updated_at");
			Map<String, @Nullable Object> membership = new LinkedHashMap<>(
					ClerkData.membership("orgmem_undated", acme().updatedAt(T1), "user_undated").toMap());
			membership.remove("updated_at");
			assertFailsNaming(ClerkEvents.of("organizationMembership.created", membership), "has no updated_at");
			Map<String, @Nullable Object> invitation = new LinkedHashMap<>(
					ClerkData.invitation("orginv_undated", "org_acme", "undated@example.com").toMap());
			invitation.remove("updated_at");
			assertFailsNaming(ClerkEvents.of("organizationInvitation.created", invitation), "has no updated_at");
			assertThat(organizations.findByClerkId("org_acme")).as("nothing of a failed event is stored").isEmpty();
			assertThat(memberships.findByClerkId("orgmem_undated")).isEmpty();
			assertThat(invitations.findByClerkId("orginv_undated")).isEmpty();
		}

		@Test
		void aMembershipOrAnInvitationWhoseRoleIsMissingNoStringWithANulOrLongerThanItsColumnFailsNamingIt() {
			Map<String, @Nullable Object> membership = new LinkedHashMap<>(
					ClerkData.membership("orgmem_r1", acme().updatedAt(T1), "user_r1").toMap());
			membership.remove("role");
			assertFailsNaming(ClerkEvents.of("organizationMembership.created", membership), "has no role");
			membership.put("role", 42);
			assertFailsNaming(ClerkEvents.of("organizationMembership.created", membership), "role is a NUMBER");
			// Black-box run 78: without its NUL character, "org:adm\u0000in" was stored
			// as another role, org:admin.
			membership.put("role", "org:adm\u0000in");
			assertFailsNaming(ClerkEvents.of("organizationMembership.created", membership),
					"role contains a NUL character");
			String longRole = "org:" + "r".repeat(97);
			assertFailsNaming(
					ClerkEvents.membershipCreated(
							ClerkData.membership("orgmem_r2", acme().updatedAt(T1), "user_r2").role(longRole)),
					"'s role is longer than 100");
			assertFailsNaming(
					ClerkEvents.invitationCreated(
							ClerkData.invitation("orginv_r3", "org_acme", "r3@example.com").role(longRole)),
					"'s role is longer than 100");
			assertThat(memberships.findAll()).isEmpty();
			assertThat(invitations.findAll()).isEmpty();
		}

		/**
		 * Black-box run 190: a role of the prefix alone ({@code org:}, the key of no
		 * role, which a check reads as none) was stored as an active membership, which
		 * then put its user in the organization without a role.
		 */
		@Test
		void aMembershipOrAnInvitationWhoseRoleIsThePrefixAloneFailsAsOneWithoutRole() {
			for (String role : new String[] { "org:", "org:org:" }) {
				assertFailsNaming(
						ClerkEvents.membershipCreated(
								ClerkData.membership("orgmem_prefix", acme().updatedAt(T1), "user_prefix").role(role)),
						"has no role");
				assertFailsNaming(
						ClerkEvents.invitationCreated(
								ClerkData.invitation("orginv_prefix", "org_acme", "prefix@example.com").role(role)),
						"has no role");
			}
			assertThat(memberships.findAll()).isEmpty();
			assertThat(invitations.findAll()).isEmpty();
		}

		/**
		 * Black-box run 190: through the synchronizer (the data of an application's own
		 * call, not read from Clerk's JSON), a permission with a NUL character failed
		 * with the database's error, instead of one that names it.
		 */
		@Test
		void aPermissionWithANulCharacterGivenToTheSynchronizerFailsNamingIt() {
			for (List<@Nullable String> permissions : List.of(List.of("org:x\u0000"), Arrays.asList("org:a", null))) {
				OrganizationMembershipResource data = membershipWith("orgmem_perm", "user_perm", permissions);
				assertThatExceptionOfType(MalformedClerkDataException.class)
					.isThrownBy(() -> context.getBean(OrganizationSynchronizer.class).upsertMembership(data))
					.withMessageContaining("permissions[");
			}
			assertThat(memberships.findAll()).isEmpty();
		}

		/**
		 * Black-box run 293: a membership whose permissions held an empty or blank one
		 * was stored, and then every request that acted in its organization (selected by
		 * the header, or a kept sign-in) failed with a 500, since no authority is blank.
		 * A permission decides access and is never guessed: the event fails, naming it.
		 */
		@Test
		void aBlankPermissionFailsTheMembershipNamingIt() {
			for (List<@Nullable String> permissions : List.of(List.of("org:billing:manage", ""), List.of(" "))) {
				OrganizationMembershipResource data = membershipWith("orgmem_blank", "user_blank", permissions);
				assertThatExceptionOfType(MalformedClerkDataException.class)
					.isThrownBy(() -> context.getBean(OrganizationSynchronizer.class).upsertMembership(data))
					.withMessageContaining("permissions[")
					.withMessageContaining("blank");
			}
			assertThat(memberships.findAll()).isEmpty();
		}

		/**
		 * A membership of acme as an application's own call gives it to the synchronizer
		 * (not read from Clerk's JSON), with these permissions.
		 */
		private OrganizationMembershipResource membershipWith(String id, String userId,
				List<@Nullable String> permissions) {
			OrganizationMembershipResource read = ClerkResource.read(
					JsonMapper.shared().valueToTree(ClerkData.membership(id, acme().updatedAt(T1), userId).toMap()),
					OrganizationMembershipResource.class);
			return new OrganizationMembershipResource(read.id(), read.role(), permissions, read.publicMetadata(),
					read.privateMetadata(), read.organization(), read.publicUserData(), read.createdAt(),
					read.updatedAt());
		}

		/**
		 * Black-box run 244: a deletion given to the synchronizer without its time was
		 * answered {@code DELETED} and left neither of the documented states: an
		 * organization inactive without a tombstone, which its next data brought back,
		 * and a membership still active. It is refused, and nothing changes.
		 */
		@Test
		void aDeletionWithoutItsTimeIsRefusedAndChangesNothing() {
			OrganizationSynchronizer synchronizer = context.getBean(OrganizationSynchronizer.class);
			OrganizationMembershipResource data = ClerkResource.read(JsonMapper.shared()
				.valueToTree(ClerkData.membership("orgmem_untimed", acme().updatedAt(T1), "user_untimed").toMap()),
					OrganizationMembershipResource.class);
			synchronizer.upsertMembership(data);
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.deleteMembership(data, null))
				.withMessageContaining("deletedAt");
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.deleteOrganization("org_acme", null))
				.withMessageContaining("deletedAt");
			// Black-box run 247: the listings' removals failed with a bare
			// NullPointerException.
			assertThatIllegalArgumentException()
				.isThrownBy(() -> synchronizer.removeMembershipsNotIn("org_acme", Set.of(), null))
				.withMessageContaining("listedAt");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> synchronizer.removeMemberships("org_acme", Set.of("orgmem_untimed"), null))
				.withMessageContaining("listedAt");
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.deleteOrganizationsNotIn(Set.of(), null))
				.withMessageContaining("listedAt");
			assertThat(memberships.findAll()).singleElement().satisfies((membership) -> {
				assertThat(membership.isActive()).isTrue();
				assertThat(membership.getOrganization().isActive()).isTrue();
				assertThat(membership.getOrganization().isDeleted()).isFalse();
			});
		}

		/**
		 * Black-box run 92: a NUL character in a membership's or an invitation's
		 * metadata, which PostgreSQL refuses, failed the whole event with the database's
		 * error, so that a demotion or a revocation in it was never applied. It is
		 * removed, as from an organization's metadata, and the change applies; a
		 * permission with one fails its event naming it.
		 */
		@Test
		void aNulCharacterInAMembershipsOrAnInvitationsMetadataIsRemovedAndTheChangeApplies() {
			deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_nul", acme().updatedAt(T1), "user_nul")
				.role("org:admin")
				.updatedAt(T1)));
			assertThat(webhooks.deliver(
					ClerkEvents.membershipUpdated(ClerkData.membership("orgmem_nul", acme().updatedAt(T1), "user_nul")
						.role("org:member")
						.publicMetadata(Map.of("note", "x\u0000y"))
						.updatedAt(T2)))
				.body()).contains("\"processed\"");
			OrganizationMembership demoted = memberships.findByClerkId("orgmem_nul").orElseThrow();
			assertThat(demoted.getRole()).isEqualTo("org:member");
			assertThat(demoted.getPublicMetadata()).containsEntry("note", "xy");
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_nul", "org_acme", "nul@example.com").updatedAt(T1)));
			assertThat(webhooks
				.deliver(ClerkEvents.invitationRevoked(ClerkData.invitation("orginv_nul", "org_acme", "nul@example.com")
					.publicMetadata(Map.of("k\u0000", "v"))
					.updatedAt(T2)))
				.body()).contains("\"processed\"");
			assertThat(invitations.findByClerkId("orginv_nul").orElseThrow().getStatus())
				.isEqualTo(InvitationStatus.REVOKED);
			assertFailsNaming(
					ClerkEvents.membershipUpdated(ClerkData.membership("orgmem_nul", acme().updatedAt(T1), "user_nul")
						.role("org:member", "org:billing:ma\u0000nage")
						.updatedAt(T3)),
					"permissions[0] contains a NUL character");
			assertThat(memberships.findByClerkId("orgmem_nul").orElseThrow().getPermissions()).isEmpty();
		}

		@Test
		void idsOrAnInvitationsAddressLongerThanTheirColumnsFailNamingThemAndAnOverLongUrlIsLeftOut() {
			String longId = "x".repeat(256);
			assertFailsNaming(ClerkEvents.organizationCreated(ClerkData.organization("org_" + longId)),
					"organization id is longer than 255");
			assertFailsNaming(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_" + longId, acme(), "user_a")),
					"membership id is longer than 255");
			assertFailsNaming(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_b", acme(), "user_" + longId)),
					"public_user_data.user_id is longer than 255");
			String longAddress = "a".repeat(310) + "@example.com";
			assertFailsNaming(
					ClerkEvents.invitationCreated(ClerkData.invitation("orginv_long", "org_acme", longAddress)),
					"'s email_address is longer than 320");
			assertThat(webhooks
				.deliver(ClerkEvents.invitationCreated(ClerkData.invitation("orginv_url", "org_acme", "url@example.com")
					.url("https://example.com/" + "u".repeat(2048))))
				.body()).doesNotContain("\"failed\"");
			assertThat(invitations.findByClerkId("orginv_url")).as("a cut URL would be another one")
				.hasValueSatisfying((stored) -> assertThat(stored.getUrl()).isNull());
		}

		@Test
		void aMembershipOrAnInvitationOfADeletedOrganizationIsIgnoredAndItsMembershipsAreNoLongerCurrent() {
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_before", acme().updatedAt(T1), "user_before").updatedAt(T1)));
			assertThat(organizationService.findActiveMembershipsOfUser("user_before")).hasSize(1);
			deliver(ClerkEvents.organizationDeleted("org_acme").timestamp(T2));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_after", acme().updatedAt(T1), "user_after").updatedAt(T3)));
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_after", "org_acme", "late@example.com").updatedAt(T3)));
			assertThat(memberships.findByClerkId("orgmem_after")).as("later data of a deleted organization is ignored")
				.isEmpty();
			assertThat(invitations.findByClerkId("orginv_after")).isEmpty();
			assertThat(organizationService.findActiveMembershipsOfUser("user_before"))
				.as("a deleted organization's memberships stay stored, and are current no more")
				.isEmpty();
			assertThat(organizationService.findActiveMemberships(organizations.findByClerkId("org_acme").orElseThrow()))
				.isEmpty();
			assertThat(users.findByClerkId("user_after")).as("nothing of ignored data is stored").isEmpty();
			deliver(ClerkEvents.membershipDeleted(
					ClerkData.membership("orgmem_before", acme().updatedAt(T1), "user_before").updatedAt(T3)));
			assertThat(memberships.findByClerkId("orgmem_before")).as("stored as it was at the deletion")
				.hasValueSatisfying((stored) -> assertThat(stored.getDeletedAt()).isNull());
		}

		@Test
		void aLateOrRetriedEventNeverRestoresARemovedMembership() {
			ClerkMembershipBuilder membership = ClerkData.membership("orgmem_2", acme(), "user_m")
				.createdAt(T1)
				.updatedAt(T1);
			deliver(ClerkEvents.membershipCreated(membership));
			deliver(ClerkEvents
				.membershipDeleted(ClerkData.membership("orgmem_2", acme(), "user_m").createdAt(T1).updatedAt(T2)));
			assertThat(memberships.findByClerkId("orgmem_2").orElseThrow().isActive()).isFalse();
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
			deliver(ClerkEvents.membershipUpdated(ClerkData.membership("orgmem_2", acme(), "user_m")
				.role("org:admin")
				.createdAt(T1)
				.updatedAt(T1.plusSeconds(30))));
			deliver(ClerkEvents.membershipCreated(membership).messageId("msg_retry_of_the_creation"));
			assertThat(memberships.findByClerkId("orgmem_2").orElseThrow().isActive()).isFalse();
			assertThat(memberships.findByClerkId("orgmem_2").orElseThrow().getRole()).isEqualTo("org:member");
		}

		/**
		 * Clerk's example payloads show a deleted membership whose {@code updated_at} did
		 * not move: equal to the creation's. A membership id names one membership, and a
		 * removed one never comes back (adding the user again makes a new id), so its
		 * deletion always applies.
		 */
		@Test
		void aDeletionWhoseUpdatedAtDidNotMoveStillRemovesTheMembership() {
			ClerkMembershipBuilder membership = ClerkData.membership("orgmem_tie", acme(), "user_tie")
				.role("org:admin")
				.createdAt(T1)
				.updatedAt(T1);
			deliver(ClerkEvents.membershipCreated(membership));
			deliver(ClerkEvents.membershipDeleted(ClerkData.membership("orgmem_tie", acme(), "user_tie")
				.role("org:admin")
				.createdAt(T1)
				.updatedAt(T1)));
			assertThat(memberships.findByClerkId("orgmem_tie").orElseThrow().isActive()).isFalse();
			assertThat(organizationService.findActiveMembershipCached("org_acme", "user_tie")).isEmpty();
		}

		/**
		 * Clerk's {@code organizationMembership.deleted} carries the membership as it
		 * was: its {@code updated_at} does not move with the removal (Clerk's example has
		 * it equal to {@code created_at}). When the removal happened is the envelope's
		 * {@code timestamp}, which Clerk's schema examples write in seconds.
		 */
		@Test
		void aRemovalIsDatedByItsEventWhenTheMembershipsUpdatedAtDidNotMove() {
			ClerkMembershipBuilder membership = ClerkData.membership("orgmem_dated", acme(), "user_dated")
				.createdAt(T1)
				.updatedAt(T1);
			deliver(ClerkEvents.membershipCreated(membership));
			ClerkEvent removal = ClerkEvents.membershipDeleted(membership).timestamp(T3).timestampInSeconds();
			assertThat(removal.toMap()).containsEntry("timestamp", T3.getEpochSecond());
			assertThat(removal.toMap().get("data")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("updated_at", T1.toEpochMilli())
				.containsEntry("created_at", T1.toEpochMilli());
			deliver(removal);
			OrganizationMembership removed = memberships.findByClerkId("orgmem_dated").orElseThrow();
			assertThat(removed.isActive()).isFalse();
			assertThat(removed.getDeletedAt()).isEqualTo(T3);
		}

		@Test
		void aLateDeletionOfAnEarlierMembershipLeavesTheNewOneAlone() {
			deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_first", acme(), "user_again").updatedAt(T1)));
			deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_second", acme(), "user_again").updatedAt(T3)));
			deliver(ClerkEvents
				.membershipDeleted(ClerkData.membership("orgmem_first", acme(), "user_again").updatedAt(T2)));
			assertThat(memberships.findByClerkId("orgmem_second").orElseThrow().isActive()).isTrue();
		}

		@Test
		void aRevocationWhoseUpdatedAtDidNotMoveStillRevokes() {
			deliver(ClerkEvents.organizationCreated(acme()));
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_tie", "org_acme", "tie@example.com").updatedAt(T1)));
			deliver(ClerkEvents
				.invitationRevoked(ClerkData.invitation("orginv_tie", "org_acme", "tie@example.com").updatedAt(T1)));
			assertThat(invitations.findByClerkId("orginv_tie").orElseThrow().getStatus())
				.isEqualTo(InvitationStatus.REVOKED);
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_tie", "org_acme", "tie@example.com").updatedAt(T2))
				.messageId("msg_late_pending_copy"));
			assertThat(invitations.findByClerkId("orginv_tie").orElseThrow().getStatus())
				.as("a revoked invitation never becomes pending again")
				.isEqualTo(InvitationStatus.REVOKED);
		}

		@Test
		void anOrganizationDeletionDatedLikeItsLastUpdateStillDeletes() {
			deliver(ClerkEvents
				.organizationCreated(ClerkData.organization("org_tie").name("Tie", "tie").updatedAt(T1)));
			deliver(ClerkEvents.organizationDeleted("org_tie").timestamp(T1));
			assertThat(organizations.findByClerkId("org_tie").orElseThrow().isActive()).isFalse();
		}

		@Test
		void aUserAddedAgainLaterIsAMemberAgain() {
			deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_old", acme(), "user_back").updatedAt(T1)));
			deliver(ClerkEvents
				.membershipDeleted(ClerkData.membership("orgmem_old", acme(), "user_back").updatedAt(T2)));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_new", acme(), "user_back").createdAt(T3).updatedAt(T3)));
			OrganizationMembership membership = memberships.findByClerkId("orgmem_new").orElseThrow();
			assertThat(membership.isActive()).isTrue();
			assertThat(jdbc.queryForObject("select count(*) from clerk_organization_memberships", Long.class)).isOne();
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isOne();
		}

		/**
		 * An organization event older than the data stored is answered {@code stale}, as
		 * a user event is, and changes nothing.
		 */
		@Test
		void anEventOlderThanTheStoredDataIsAnsweredStale() {
			deliver(ClerkEvents
				.organizationUpdated(ClerkData.organization("org_acme").name("Acme", "acme").updatedAt(T2)));
			ClerkWebhookClient.Delivery late = webhooks.deliver(ClerkEvents
				.organizationUpdated(ClerkData.organization("org_acme").name("Old Acme", "acme").updatedAt(T1)));
			assertThat(late.status()).isEqualTo(200);
			assertThat(late.body()).contains("\"status\":\"stale\"");
			ClerkWebhookClient.Delivery lateMember = webhooks.deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_gone", acme(), "user_gone").updatedAt(T1)));
			assertThat(lateMember.body()).contains("\"status\":\"processed\"");
			deliver(ClerkEvents
				.membershipDeleted(ClerkData.membership("orgmem_gone", acme(), "user_gone").updatedAt(T2)));
			assertThat(
					webhooks
						.deliver(ClerkEvents.membershipUpdated(
								ClerkData.membership("orgmem_gone", acme(), "user_gone").updatedAt(T1.plusSeconds(1))))
						.body())
				.contains("\"status\":\"stale\"");
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getName()).isEqualTo("Acme");
		}

		/**
		 * A late event of an earlier membership of the same user and organization (a
		 * retry, or a failed event reprocessed) never brings back a membership removed
		 * after it: only a newer membership does.
		 */
		@Test
		void aLateEventOfAnEarlierMembershipNeverRestoresALaterRemoval() {
			deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_first", acme(), "user_twice").updatedAt(T1)));
			deliver(ClerkEvents.membershipDeleted(
					ClerkData.membership("orgmem_first", acme(), "user_twice").updatedAt(T1.plusSeconds(60))));
			deliver(ClerkEvents.membershipCreated(
					ClerkData.membership("orgmem_second", acme(), "user_twice").createdAt(T2).updatedAt(T2)));
			deliver(ClerkEvents.membershipDeleted(
					ClerkData.membership("orgmem_second", acme(), "user_twice").createdAt(T2).updatedAt(T3)));
			deliver(ClerkEvents.membershipUpdated(ClerkData.membership("orgmem_first", acme(), "user_twice")
				.role("org:admin")
				.updatedAt(T1.plusSeconds(30))));
			assertThat(memberships.findMembership("org_acme", "user_twice")).get()
				.extracting(OrganizationMembership::isActive)
				.isEqualTo(false);
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
		}

		/**
		 * A user removed, added again and removed again: the second membership's removal
		 * arrives before its creation, after the first's removal. The tombstone it leaves
		 * is the second membership's, so its late creation does not make the user a
		 * member again.
		 */
		@Test
		void theRemovalOfAReaddedMembershipArrivingBeforeItsCreationKeepsTheUserOut() {
			ClerkMembershipBuilder first = ClerkData.membership("orgmem_gone1", acme(), "user_readded")
				.createdAt(T1)
				.updatedAt(T1);
			ClerkMembershipBuilder second = ClerkData.membership("orgmem_gone2", acme(), "user_readded")
				.createdAt(T2)
				.updatedAt(T2);
			deliver(ClerkEvents.membershipCreated(first));
			deliver(ClerkEvents.membershipDeleted(first).timestamp(T1.plusSeconds(60)));
			recorder.events.clear();
			// Black-box run 81 F1: the row became the second membership's tombstone, and
			// the delivery was answered stale ("nothing changed").
			ClerkWebhookClient.Delivery removal = webhooks.deliver(ClerkEvents.membershipDeleted(second).timestamp(T3));
			assertThat(removal.body()).contains("\"processed\"").contains("\"applied\"");
			deliver(ClerkEvents.membershipCreated(second));
			assertRemovedFromAcme("user_readded", "orgmem_gone2");
			assertThat(recorder.events).as("no removal announced for a user who was out already").isEmpty();
		}

		/**
		 * The same, with the second membership's removal arriving first of all, while the
		 * first membership is still stored as active.
		 */
		@Test
		void theRemovalOfAReaddedMembershipArrivingFirstOfAllKeepsTheUserOut() {
			ClerkMembershipBuilder first = ClerkData.membership("orgmem_early1", acme(), "user_early")
				.createdAt(T1)
				.updatedAt(T1);
			ClerkMembershipBuilder second = ClerkData.membership("orgmem_early2", acme(), "user_early")
				.createdAt(T2)
				.updatedAt(T2);
			deliver(ClerkEvents.membershipCreated(first));
			deliver(ClerkEvents.membershipDeleted(second).timestamp(T3));
			deliver(ClerkEvents.membershipCreated(second));
			deliver(ClerkEvents.membershipDeleted(first).timestamp(T1.plusSeconds(60)));
			assertRemovedFromAcme("user_early", "orgmem_early2");
		}

		private void assertRemovedFromAcme(String userId, String membershipId) {
			assertThat(memberships.findMembership("org_acme", userId)).get()
				.extracting(OrganizationMembership::getClerkId, OrganizationMembership::isActive)
				.containsExactly(membershipId, false);
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
		}

		/**
		 * A removal arriving before its creation leaves a tombstone, so that the late
		 * creation does not make the user a member. Black-box run 270 F1: it was
		 * announced with a {@code MembershipDeletedEvent}, though the user was never a
		 * member here; organizations.md announces a removal only when it removed a
		 * member.
		 */
		@Test
		void aRemovalArrivingBeforeTheCreationLeavesATombstoneAndAnnouncesNoRemoval() {
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			deliver(ClerkEvents.userCreated(ClerkData.user("user_x").email("x@example.com").updatedAt(T1)));
			recorder.events.clear();
			ClerkWebhookClient.Delivery removal = webhooks.deliver(
					ClerkEvents.membershipDeleted(ClerkData.membership("orgmem_x", acme(), "user_x").updatedAt(T2)));
			assertThat(removal.body()).contains("\"processed\"");
			deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_x", acme(), "user_x").updatedAt(T1)));
			assertThat(memberships.findByClerkId("orgmem_x").orElseThrow().isActive()).isFalse();
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isZero();
			assertThat(recorder.events).as("no removal announced for a user who was never a member").isEmpty();
		}

		@Test
		void invitationsGoFromPendingToAcceptedOrRevoked() {
			deliver(ClerkEvents.organizationCreated(acme()));
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_1", "org_acme", "new@example.com").updatedAt(T1)));
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_2", "org_acme", "two@example.com").updatedAt(T1)));
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getPendingInvitationsCount()).isEqualTo(2);
			deliver(ClerkEvents
				.invitationAccepted(ClerkData.invitation("orginv_1", "org_acme", "new@example.com").updatedAt(T2)));
			deliver(ClerkEvents
				.invitationRevoked(ClerkData.invitation("orginv_2", "org_acme", "two@example.com").updatedAt(T2)));
			assertThat(invitations.findByClerkId("orginv_1").orElseThrow().getStatus())
				.isEqualTo(InvitationStatus.ACCEPTED);
			assertThat(invitations.findByClerkId("orginv_2").orElseThrow().getStatus())
				.isEqualTo(InvitationStatus.REVOKED);
			assertThat(organizations.findByClerkId("org_acme").orElseThrow().getPendingInvitationsCount()).isZero();
		}

		@Test
		void anInvitationToAnOrganizationNotStoredYetCreatesItsRow() {
			deliver(ClerkEvents.invitationCreated(ClerkData.invitation("orginv_3", "org_later", "x@example.com")));
			assertThat(organizations.findByClerkId("org_later")).get()
				.extracting(Organization::isSyncPending)
				.isEqualTo(true);
			deliver(ClerkEvents.organizationCreated(ClerkData.organization("org_later").name("Later", "later")));
			assertThat(organizations.findByClerkId("org_later").orElseThrow().getName()).isEqualTo("Later");
		}

	}

	@Nested
	class Search {

		@Test
		void findsTheTextInTheNameSlugOrClerkIdRegardlessOfCaseAPageAtATime() {
			deliver(ClerkEvents.organizationCreated(acme()));
			deliver(ClerkEvents.organizationCreated(ClerkData.organization("org_beta").name("Beta Labs", "beta")));
			deliver(ClerkEvents.organizationCreated(ClerkData.organization("org_gamma").name("Gamma", "gamma_labs")));
			deliver(ClerkEvents.organizationCreated(ClerkData.organization("org_delta").name("Delta", "gammalabs")));
			Page<Organization> labs = organizations.search("LABS", PageRequest.of(0, 1, Sort.by("name")));
			assertThat(labs.getContent()).extracting(Organization::getClerkId).containsExactly("org_beta");
			assertThat(labs.getTotalElements()).isEqualTo(3);
			assertThat(organizations.search("a_l", Pageable.unpaged()).getContent())
				.extracting(Organization::getClerkId)
				.containsExactly("org_gamma");
			assertThat(organizations.search("ORG_ACM", Pageable.unpaged()).getContent())
				.extracting(Organization::getClerkId)
				.containsExactly("org_acme");
		}

		/**
		 * Black-box run 33: an organization's members, or a user's memberships, were read
		 * with one statement for the list and one more for each member's user (20,002
		 * statements for an organization of 20,000).
		 */
		@Test
		void membersAndMembershipsAreReadInOneStatement() {
			deliver(ClerkEvents.organizationCreated(acme()));
			for (int i = 0; i < 5; i++) {
				deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_n" + i, acme(), "user_n" + i)));
				deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_m" + i,
						ClerkData.organization("org_m" + i).name("M" + i, "m" + i), "user_n0")));
			}
			Organization acme = organizations.findByClerkId("org_acme").orElseThrow();
			Statistics statistics = context.getBean(EntityManagerFactory.class)
				.unwrap(SessionFactory.class)
				.getStatistics();
			statistics.setStatisticsEnabled(true);
			try {
				statistics.clear();
				assertThat(organizationService.findActiveMemberships(acme))
					.extracting((membership) -> membership.getUser().getClerkId())
					.containsExactlyInAnyOrder("user_n0", "user_n1", "user_n2", "user_n3", "user_n4");
				assertThat(statistics.getPrepareStatementCount()).isOne();
				statistics.clear();
				assertThat(organizationService.findActiveMembershipsOfUser("user_n0"))
					.extracting((membership) -> membership.getOrganization().getClerkId())
					.containsExactlyInAnyOrder("org_acme", "org_m0", "org_m1", "org_m2", "org_m3", "org_m4");
				assertThat(statistics.getPrepareStatementCount()).isOne();
			}
			finally {
				statistics.setStatisticsEnabled(false);
			}
		}

	}

	@Nested
	class RequestContext {

		@Test
		void aV2TokenForAnOrganizationGivesTheControllerItsContextEntityAndRole() {
			deliver(ClerkEvents.organizationCreated(acme()));
			deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_a", acme(), "user_admin").role("org:admin")));
			clerk.addUser(ClerkData.user("user_admin").email("admin@example.com"));
			Response response = get("/api/organizations/current", adminToken());
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("organizationId").asString()).isEqualTo("org_acme");
			assertThat(response.json().path("role").asString()).isEqualTo("org:admin");
			assertThat(response.json().path("source").asString()).isEqualTo("TOKEN");
			assertThat(response.json().path("name").asString()).isEqualTo("Acme");
			assertThat(response.json().path("membersCount").asInt()).isOne();
			assertThat(response.json().path("permissions").toString()).contains("org:billing:manage");
			assertThat(api().send("DELETE", "/api/projects/7", null, "Authorization", adminToken()).status())
				.isEqualTo(204);
		}

		/**
		 * Black-box run 354 F1: a context parameter of another type than the context
		 * ({@code Optional<ClerkOrganizationContext>} here) was left to Spring's data
		 * binding, which built it from the query string: any user could name any
		 * organization and role. It is the library's, and refused (500, a message in the
		 * log naming the type to declare), as a wrong {@code @CurrentOrganization}
		 * parameter is.
		 */
		@Test
		void aWrappedContextParameterIsNeverBoundFromTheRequest() {
			clerk.addUser(ClerkData.user("user_forger").email("forger@example.com"));
			Response response = get(
					"/api/organizations/wrapped?organizationId=org_forged&role=org:admin&permissions=org:x:y&source=TOKEN",
					"Bearer " + clerk.tokens().token("user_forger"));
			assertThat(response.body()).doesNotContain("org_forged");
			assertThat(response.status()).isEqualTo(500);
		}

		@Test
		void aMemberOfAnotherOrganizationIsRefusedByThePreAuthorizeHelper() {
			clerk.addUser(ClerkData.user("user_outsider").email("outsider@example.com"));
			String otherOrganizationAdmin = "Bearer " + clerk.tokens()
				.session("user_outsider")
				.organizationV2("org_other", "other", "admin", Map.of())
				.sign();
			String memberHere = "Bearer " + clerk.tokens()
				.session("user_outsider")
				.organizationV2("org_acme", "acme", "member", Map.of())
				.sign();
			String noOrganization = "Bearer " + clerk.tokens().token("user_outsider");
			assertThat(api().send("DELETE", "/api/projects/7", null, "Authorization", memberHere).status())
				.isEqualTo(403);
			assertThat(api().send("DELETE", "/api/projects/7", null, "Authorization", noOrganization).status())
				.isEqualTo(403);
			// An admin elsewhere is an admin of that organization only; the helper only
			// sees the active one.
			assertThat(api().send("DELETE", "/api/projects/7", null, "Authorization", otherOrganizationAdmin).status())
				.isEqualTo(204);
		}

		@Test
		void aRoleOfAnotherCaseIsNotTheHelpersRole() {
			clerk.addUser(ClerkData.user("user_custom").email("custom@example.com"));
			String upperCase = "Bearer " + clerk.tokens()
				.session("user_custom")
				.organizationV2("org_acme", "acme", "ADMIN", Map.of())
				.sign();
			// Clerk's has() compares role keys exactly, as hasAuthority('org:admin')
			// does.
			assertThat(get("/api/organizations/current", upperCase).json().path("role").asString())
				.isEqualTo("org:ADMIN");
			assertThat(api().send("DELETE", "/api/projects/7", null, "Authorization", upperCase).status())
				.isEqualTo(403);
		}

		@Test
		void forgedFlatOrganizationClaimsOnAV2TokenGrantNothing() {
			clerk.addUser(ClerkData.user("user_forger").email("forger@example.com"));
			String forged = "Bearer " + clerk.tokens()
				.session("user_forger")
				.v2()
				.claim("org_id", "org_acme")
				.claim("org_role", "org:admin")
				.sign();
			assertThat(get("/api/organizations/current", forged).json().path("organizationId").isNull()).isTrue();
			assertThat(api().send("DELETE", "/api/projects/7", null, "Authorization", forged).status()).isEqualTo(403);
		}

		@Test
		void theRequestRuleChecksAnOrganizationPermission() {
			clerk.addUser(ClerkData.user("user_admin").email("admin@example.com"));
			clerk.addUser(ClerkData.user("user_reader").email("reader@example.com"));
			assertThat(get("/api/billing/invoices", adminToken()).status()).isEqualTo(200);
			String reader = "Bearer " + clerk.tokens()
				.session("user_reader")
				.organizationV2("org_acme", "acme", "member", Map.of("billing", List.of("read")))
				.sign();
			assertThat(get("/api/billing/invoices", reader).status()).isEqualTo(403);
		}

		/**
		 * An organization id with a NUL character, which no row can hold, is an
		 * organization not stored, not an outage of the database.
		 */
		@Test
		void anOrganizationIdWithANulCharacterIsNotStoredNotAnOutage() {
			deliver(ClerkEvents.organizationCreated(acme()));
			clerk.addUser(ClerkData.user("user_admin").email("admin@example.com"));
			String token = "Bearer " + clerk.tokens()
				.session("user_admin")
				.organizationV2("org_ac\u0000me", "acme", "admin", Map.of())
				.sign();
			Response response = get("/api/organizations/current", token);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(response.json().path("name").isNull()).isTrue();
		}

		@Test
		void noStaleNotFoundSurvivesOrganizationCreated() {
			clerk.addUser(ClerkData.user("user_admin").email("admin@example.com"));
			assertThat(get("/api/organizations/current", adminToken()).json().path("name").isNull()).isTrue();
			deliver(ClerkEvents.organizationCreated(acme()));
			assertThat(get("/api/organizations/current", adminToken()).json().path("name").asString())
				.isEqualTo("Acme");
			deliver(ClerkEvents.organizationUpdated(acme().name("Acme Renamed", "acme").updatedAt(T3)));
			assertThat(get("/api/organizations/current", adminToken()).json().path("name").asString())
				.isEqualTo("Acme Renamed");
		}

		@Test
		void theHeaderSelectsAnOrganizationOnlyWithoutTokenOrganizationAndOnlyForMembers() {
			deliver(ClerkEvents.organizationCreated(acme()));
			deliver(ClerkEvents.organizationCreated(ClerkData.organization("org_else").name("Else", "else")));
			deliver(ClerkEvents
				.membershipCreated(ClerkData.membership("orgmem_h", acme(), "user_h").role("org:admin")));
			clerk.addUser(ClerkData.user("user_h").email("h@example.com"));
			String plain = "Bearer " + clerk.tokens().token("user_h");
			Response selected = api().get("/api/organizations/current", "Authorization", plain, "X-Organization-Id",
					"org_acme");
			assertThat(selected.json().path("organizationId").asString()).isEqualTo("org_acme");
			assertThat(selected.json().path("source").asString()).isEqualTo("HEADER");
			assertThat(selected.json().path("role").asString()).isEqualTo("org:admin");
			Response notMember = api().get("/api/organizations/current", "Authorization", plain, "X-Organization-Id",
					"org_else");
			assertThat(notMember.json().path("organizationId").isNull()).isTrue();
			String tokenOrganization = "Bearer "
					+ clerk.tokens().session("user_h").organizationV2("org_else", "else", "member", Map.of()).sign();
			Response tokenWins = api().get("/api/organizations/current", "Authorization", tokenOrganization,
					"X-Organization-Id", "org_acme");
			assertThat(tokenWins.json().path("organizationId").asString()).isEqualTo("org_else");
			assertThat(tokenWins.json().path("source").asString()).isEqualTo("TOKEN");
		}

		@Test
		void aRemovedMembershipNoLongerSelects() {
			deliver(ClerkEvents.organizationCreated(acme()));
			deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_r", acme(), "user_r").updatedAt(T1)));
			clerk.addUser(ClerkData.user("user_r").email("r@example.com"));
			String plain = "Bearer " + clerk.tokens().token("user_r");
			assertThat(api().get("/api/organizations/current", "Authorization", plain, "X-Organization-Id", "org_acme")
				.json()
				.path("organizationId")
				.asString()).isEqualTo("org_acme");
			deliver(ClerkEvents.membershipDeleted(ClerkData.membership("orgmem_r", acme(), "user_r").updatedAt(T2)));
			assertThat(api().get("/api/organizations/current", "Authorization", plain, "X-Organization-Id", "org_acme")
				.json()
				.path("organizationId")
				.isNull()).isTrue();
		}

	}

	@Nested
	class Events {

		@Test
		void creationsAreAnnouncedAlsoWhenASyncStoredTheRowsBeforeTheirWebhooks() {
			ClerkOrganizationBuilder organization = clerk.addOrganization(acme().updatedAt(T1));
			clerk.addUser(ClerkData.user("user_ada").email("ada@example.com"));
			ClerkMembershipBuilder membership = clerk
				.addMembership(ClerkData.membership("orgmem_ada", organization, "user_ada").updatedAt(T1));
			sync.sync(SyncOptions.all(), (progress) -> {
			});
			assertThat(recorder.events).isEmpty();

			deliver(ClerkEvents.organizationCreated(organization));
			deliver(ClerkEvents.membershipCreated(membership));
			deliver(ClerkEvents.organizationUpdated(organization.updatedAt(T1)));
			assertThat(recorder.events).hasSize(2);
			assertThat(recorder.events.get(0)).isInstanceOfSatisfying(OrganizationCreatedEvent.class,
					(created) -> assertThat(created.organization().getClerkId()).isEqualTo("org_acme"));
			assertThat(recorder.events.get(1)).isInstanceOf(MembershipCreatedEvent.class);
		}

		@Test
		void everyOrganizationChangeIsAnnouncedAfterCommitWithItsData() {
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			deliver(ClerkEvents.organizationUpdated(acme().name("Acme Inc", "acme").updatedAt(T2)));
			deliver(ClerkEvents.membershipCreated(ClerkData.membership("orgmem_ev", acme(), "user_ev").updatedAt(T1)));
			deliver(ClerkEvents.membershipUpdated(
					ClerkData.membership("orgmem_ev", acme(), "user_ev").role("org:admin").updatedAt(T2)));
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_ev1", "org_acme", "one@example.com").updatedAt(T1)));
			deliver(ClerkEvents
				.invitationAccepted(ClerkData.invitation("orginv_ev1", "org_acme", "one@example.com").updatedAt(T2)));
			deliver(ClerkEvents
				.invitationCreated(ClerkData.invitation("orginv_ev2", "org_acme", "two@example.com").updatedAt(T1)));
			deliver(ClerkEvents
				.invitationRevoked(ClerkData.invitation("orginv_ev2", "org_acme", "two@example.com").updatedAt(T2)));
			deliver(ClerkEvents.membershipDeleted(
					ClerkData.membership("orgmem_ev", acme(), "user_ev").role("org:admin").updatedAt(T3)));
			deliver(ClerkEvents.organizationDeleted("org_acme").timestamp(T3));
			assertThat(recorder.events).extracting((event) -> event.getClass().getSimpleName())
				.containsExactly("OrganizationCreatedEvent", "OrganizationUpdatedEvent", "MembershipCreatedEvent",
						"MembershipUpdatedEvent", "InvitationCreatedEvent", "InvitationAcceptedEvent",
						"InvitationCreatedEvent", "InvitationRevokedEvent", "MembershipDeletedEvent",
						"OrganizationDeletedEvent");
			assertThat(recorder.events.get(1)).isInstanceOfSatisfying(OrganizationUpdatedEvent.class,
					(event) -> assertThat(event.organization().getName()).isEqualTo("Acme Inc"));
			assertThat(recorder.events.get(3)).isInstanceOfSatisfying(MembershipUpdatedEvent.class,
					(event) -> assertThat(event.membership().getRole()).isEqualTo("org:admin"));
			assertThat(recorder.events.get(5)).isInstanceOfSatisfying(InvitationAcceptedEvent.class,
					(event) -> assertThat(event.invitation().getStatus()).isEqualTo(InvitationStatus.ACCEPTED));
			assertThat(recorder.events.get(7)).isInstanceOfSatisfying(InvitationRevokedEvent.class,
					(event) -> assertThat(event.invitation().getEmailAddress()).isEqualTo("two@example.com"));
			assertThat(recorder.events.get(8)).isInstanceOfSatisfying(MembershipDeletedEvent.class,
					(event) -> assertThat(event.membership().isActive()).isFalse());
			assertThat(recorder.events.get(9)).isInstanceOfSatisfying(OrganizationDeletedEvent.class,
					(event) -> assertThat(event.organization().isActive()).isFalse());
		}

		/**
		 * Black-box run 264: an organization a reconcile deleted (Clerk no longer had it)
		 * before Clerk's {@code organization.deleted} arrived was never announced, so a
		 * listener for deletions never heard of it. It is announced, as a user's deletion
		 * is.
		 */
		@Test
		void theDeletionOfAnOrganizationDeletedBeforeIsAnnounced() {
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			context.getBean(OrganizationSynchronizer.class).deleteOrganization("org_acme", T2);
			recorder.events.clear();
			deliver(ClerkEvents.organizationDeleted("org_acme").timestamp(T3));
			assertThat(recorder.events).singleElement()
				.isInstanceOfSatisfying(OrganizationDeletedEvent.class,
						(event) -> assertThat(event.organization().getClerkId()).isEqualTo("org_acme"));
		}

		@Test
		void theCreationOfAnOrganizationDeletedSinceIsNotAnnounced() {
			deliver(ClerkEvents.organizationDeleted("org_acme").timestamp(T2));
			deliver(ClerkEvents.organizationCreated(acme().updatedAt(T1)));
			assertThat(recorder.events).singleElement().isInstanceOf(OrganizationDeletedEvent.class);
		}

	}

	private static ClerkOrganizationBuilder acme() {
		return ClerkData.organization("org_acme").name("Acme", "acme");
	}

	private String adminToken() {
		return "Bearer " + this.clerk.tokens()
			.session("user_admin")
			.organizationV2("org_acme", "acme", "admin", Map.of("billing", List.of("manage", "read")))
			.sign();
	}

	private void deliver(ClerkEvent event) {
		assertThat(this.webhooks.deliver(event).status()).as(event.type()).isEqualTo(200);
	}

	/**
	 * Delivers an event that must be kept as failed, with an error that names what is
	 * wrong.
	 */
	private void assertFailsNaming(ClerkEvent event, String field) {
		assertThat(this.webhooks.deliver(event).body()).as(event.type()).contains("\"failed\"");
		assertThat(this.jdbc.queryForObject("select last_error from clerk_webhook_events where svix_id = ?",
				String.class, event.messageId()))
			.as(event.type())
			.contains(field)
			.doesNotContain("SQL");
	}

	private HttpTestClient api() {
		return HttpTestClient.api(this.port);
	}

	private Response get(String path, String authorization) {
		return api().get(path, "Authorization", authorization);
	}

	/**
	 * Runs a write while the deletion of {@code org_acme} is being committed (Svix
	 * delivers in parallel): the deletion's transaction stays open until the write waits
	 * for a lock in PostgreSQL, then commits.
	 * @return what the write returned
	 */
	private <T> T whileTheDeletionOfAcmeIsCommitted(Callable<T> write) throws Exception {
		return LockWaits.whileCommitting(this.context.getBean(PlatformTransactionManager.class), this.jdbc,
				() -> this.context.getBean(OrganizationSynchronizer.class).deleteOrganization("org_acme", T3), write);
	}

}
