package dev.clerkusers.it.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.it.LockWaits;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.it.TestClock;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.api.OrganizationResource;
import dev.clerkusers.organizations.sync.OrganizationSyncStep;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncAbortedException;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncRefusedException;
import dev.clerkusers.sync.SyncReport;
import dev.clerkusers.sync.SyncSummary;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkMembershipBuilder;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Bulk sync from the fake backend into PostgreSQL, with the organizations module present.
 */
@SpringBootTest(classes = TestApplication.class)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(SyncTestConfiguration.class)
class SyncIntegrationTests {

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkSync sync;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	ClerkUserService userService;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	OrganizationRepository organizations;

	@Autowired
	OrganizationMembershipRepository memberships;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.clerk.reset();
		SyncTestConfiguration.waits.clear();
	}

	/**
	 * Review 281, F3: the pages of users joined a transaction the caller of
	 * {@code ClerkSync.sync} had open (an {@code @Transactional} job), so its rollback
	 * took back the users the report said it had stored, while the organizations' pages
	 * and the deactivations, in transactions of their own, stayed. Each page is now a
	 * transaction of its own, whoever calls.
	 */
	@Test
	void aSyncCalledInTheCallersTransactionCommitsItsPagesOfUsersOnItsOwn() {
		addUsers(3);
		this.clerk.addOrganization(ClerkData.organization("org_own").name("Own", "own"));
		TransactionTemplate job = new TransactionTemplate(this.context.getBean(PlatformTransactionManager.class));
		SyncReport report = job.execute((status) -> {
			SyncReport run = this.sync.sync(SyncOptions.all(), (soFar) -> {
			});
			status.setRollbackOnly();
			return run;
		});
		assertThat(report.summary("users").created()).isEqualTo(3);
		assertThat(this.users.count()).as("the users the report counts").isEqualTo(3);
		assertThat(this.organizations.findByClerkId("org_own")).as("as the organizations").isPresent();
	}

	@Test
	void syncsSeveralPagesFromTheListedDataAloneWithAPageOfProgressEach() {
		addUsers(11);
		List<SyncSummary> progress = new ArrayList<>();
		SyncReport report = this.sync.sync(SyncOptions.all().withPageSize(4), progress::add);
		SyncSummary users = report.summary("users");
		assertThat(users.processed()).isEqualTo(11);
		assertThat(users.created()).isEqualTo(11);
		assertThat(users.pages()).isEqualTo(3);
		assertThat(this.users.count()).isEqualTo(11);
		assertThat(this.users.findByClerkId("user_sync_7").orElseThrow().getEmail()).isEqualTo("7@example.com");
		assertThat(this.clerk.requests("GET", "/v1/users/")).as("no per-user call").isEmpty();
		assertThat(this.clerk.requests("GET", "/v1/users")).hasSize(3);
		assertThat(users.apiCalls()).isEqualTo(3);
		assertThat(progress).filteredOn((summary) -> summary.step().equals("users"))
			.extracting(SyncSummary::pages)
			.containsExactly(1, 2, 3);
	}

	@Test
	void anExactMultipleOfThePageSizeCostsOneMoreCall() {
		addUsers(8);
		SyncSummary users = this.sync.sync(SyncOptions.all().withPageSize(4), (soFar) -> {
		}).summary("users");
		assertThat(users.pages()).isEqualTo(2);
		assertThat(this.clerk.requests("GET", "/v1/users")).as("the calls Clerk received").hasSize(3);
		assertThat(users.apiCalls()).isEqualTo(3);
	}

	@Test
	void aSecondSyncChangesNothingAndAnUpdateInClerkIsPickedUp() {
		addUsers(5);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.addUser(ClerkData.user("user_sync_2")
			.email("2@example.com")
			.name("Renamed", null)
			.createdAt(Instant.parse("2026-01-01T00:00:02Z"))
			.updatedAt(Instant.parse("2026-02-01T00:00:00Z")));
		SyncSummary again = this.sync.sync(SyncOptions.all(), (soFar) -> {
		}).summary("users");
		assertThat(again.created()).isZero();
		assertThat(again.updated()).isOne();
		assertThat(again.unchanged()).isEqualTo(4);
		assertThat(this.users.findByClerkId("user_sync_2").orElseThrow().getFirstName()).isEqualTo("Renamed");
	}

	@Test
	void aLimitAndAnOffsetSyncAWindow() {
		addUsers(10);
		SyncSummary users = this.sync.sync(SyncOptions.all().withPageSize(3).withWindow(4, 5), (soFar) -> {
		}).summary("users");
		assertThat(users.processed()).isEqualTo(5);
		assertThat(this.users.findAll()).extracting(ClerkUser::getClerkId)
			.containsExactlyInAnyOrder("user_sync_4", "user_sync_5", "user_sync_6", "user_sync_7", "user_sync_8");
		assertThatIllegalArgumentException().isThrownBy(() -> SyncOptions.all().withWindow(4, 5).withReconcile(true));
	}

	/**
	 * Black-box run 104, F1: an operator moving users onto Clerk read local accounts the
	 * sync linked as created ("1 created"), and could not tell a link from a duplicate.
	 * Linked accounts, and deleted users' accounts taken over, are counted apart.
	 */
	@Test
	void accountsTheSyncLinksAreCountedAsLinkedNotCreated() {
		ClerkUser local = this.accounts.createUser("Ada.Lovelace@Example.com", null, "local-password");
		this.clerk.addUser(ClerkData.user("user_ada").email("ada.lovelace@example.com"));
		this.clerk.addUser(ClerkData.user("user_new").email("new@example.com"));
		List<String> lines = new ArrayList<>();
		SyncSummary users = this.sync.sync(SyncOptions.all(), (soFar) -> lines.add(soFar.describe())).summary("users");
		assertThat(this.users.findByClerkId("user_ada")).map(ClerkUser::getUid).hasValue(local.getUid());
		assertThat(users.processed()).isEqualTo(2);
		assertThat(users.created()).isOne();
		assertThat(users.linked()).isOne();
		assertThat(users.describe()).startsWith("users: 2 processed, 1 created, 1 linked, 0 updated");
	}

	@Test
	void reconciliationDeactivatesLocalUsersClerkNoLongerHas() {
		addUsers(20);
		this.synchronizer
			.upsertFromClerk(Resources.user(ClerkData.user("user_gone").email("gone@example.com").toJsonNode()));
		this.accounts.createSuperuser("staff@example.com", "staff-password");
		SyncSummary withoutReconcile = this.sync.sync(SyncOptions.all(), (soFar) -> {
		}).summary("users");
		assertThat(withoutReconcile.deactivated()).isZero();
		assertThat(this.users.findByClerkId("user_gone").orElseThrow().isActive()).isTrue();
		SyncSummary dryRun = this.sync.sync(SyncOptions.all().withReconcile(true).withDryRun(true), (soFar) -> {
		}).summary("users");
		assertThat(dryRun.deactivated()).isOne();
		assertThat(this.users.findByClerkId("user_gone").orElseThrow().isActive()).isTrue();
		SyncSummary reconciled = this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
		}).summary("users");
		assertThat(reconciled.deactivated()).isOne();
		assertThat(this.users.findByClerkId("user_gone").orElseThrow().isActive()).isFalse();
		assertThat(this.users.findByEmailIgnoreCase("staff@example.com")).as("local accounts are never reconciled")
			.get()
			.extracting(ClerkUser::isActive)
			.isEqualTo(true);
	}

	/**
	 * Black-box run 33: a user Clerk lists that cannot be read (its {@code updated_at} a
	 * string) stopped the sync at its page on every run, as an outage, and the users
	 * after it were never stored. It fails alone, named, the others are stored, and
	 * reconcile does not take it for a user Clerk no longer has.
	 */
	@Test
	void aListedUserThatCannotBeReadFailsAloneAndIsNotTakenForGone() {
		addUsers(5);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		addUsers(12);
		Map<String, @Nullable Object> unreadable = new LinkedHashMap<>(
				ClerkData.user("user_sync_4").email("4@example.com").toMap());
		unreadable.put("updated_at", "yesterday");
		this.clerk.putUser(unreadable);
		SyncSummary users = this.sync.sync(SyncOptions.all().withPageSize(4).withReconcile(true), (soFar) -> {
		}).summary("users");
		assertThat(users.failed()).isOne();
		assertThat(users.failures()).singleElement().asString().startsWith("user_sync_4: ");
		assertThat(users.deactivated()).isZero();
		assertThat(this.users.count()).isEqualTo(12);
		assertThat(this.users.findByClerkId("user_sync_11")).isPresent();
		assertThat(this.users.findByClerkId("user_sync_4").orElseThrow().isActive()).isTrue();
	}

	/**
	 * Black-box run 33: reconcile loaded every linked user as a whole entity, metadata
	 * included, to compare Clerk ids, and ran out of heap on an instance of 50,000 users.
	 * It reads their ids alone: a sync with it loads no more users than one without.
	 */
	@Test
	void reconciliationReadsTheLinkedUsersIdsNotTheUsers() {
		addUsers(40);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		long withoutReconcile = measured(SyncOptions.all()).entityLoads();
		Measured reconciled = measured(SyncOptions.all().withReconcile(true));
		assertThat(reconciled.report().summary("users").unchanged()).isEqualTo(40);
		assertThat(reconciled.entityLoads()).isEqualTo(withoutReconcile);
	}

	/**
	 * Offset paging over a list that shrinks while it is read skips an item: a user
	 * deleted before the current offset moves every later user one place up. Reconcile
	 * confirms each user it did not see before deactivating it.
	 */
	@Test
	void aDeletionDuringTheListingNeverDeactivatesTheUserItSkipped() {
		addUsers(60);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		AtomicBoolean deleted = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && deleted.compareAndSet(false, true)) {
				this.clerk.removeUser("user_sync_5");
			}
		});
		SyncSummary reconciled = this.sync.sync(SyncOptions.all().withPageSize(10).withReconcile(true), (soFar) -> {
		}).summary("users");
		assertThat(this.users.findByClerkId("user_sync_10").orElseThrow().isActive())
			.as("the first user of the second page, skipped by the shifted listing, is still active")
			.isTrue();
		assertThat(reconciled.deactivated()).as("user_sync_5 was listed before it was deleted").isZero();
		SyncSummary next = this.sync.sync(SyncOptions.all().withPageSize(10).withReconcile(true), (soFar) -> {
		}).summary("users");
		assertThat(next.deactivated()).isOne();
		assertThat(this.users.findByClerkId("user_sync_5").orElseThrow().isActive()).isFalse();
		assertThat(this.users.findByClerkId("user_sync_10").orElseThrow().isActive()).isTrue();
	}

	/**
	 * Black-box run 33: reconciling memberships loaded every stored membership, with its
	 * user and organization, to compare Clerk ids. It reads their ids alone: a sync with
	 * it loads no more than one without.
	 */
	@Test
	void reconciliationReadsTheStoredMembershipsIdsNotTheMemberships() {
		addUsers(12);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		for (int i = 0; i < 12; i++) {
			this.clerk.addMembership(ClerkData.membership("orgmem_team_" + i, team, "user_sync_" + i));
		}
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		long withoutReconcile = measured(SyncOptions.all()).entityLoads();
		Measured reconciled = measured(SyncOptions.all().withReconcile(true));
		assertThat(reconciled.report().summary("memberships").unchanged()).isEqualTo(12);
		assertThat(reconciled.entityLoads()).isEqualTo(withoutReconcile);
	}

	/**
	 * Black-box run 33: organizations and memberships were stored one transaction each,
	 * memberships at about a tenth of the users' speed. A page of them is stored in one
	 * transaction: a sync of twelve memberships and six organizations costs no more
	 * transactions than a sync of two and one.
	 */
	@Test
	void aPageOfMembershipsIsStoredInOneTransaction() {
		addUsers(12);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		for (int i = 0; i < 2; i++) {
			this.clerk.addMembership(ClerkData.membership("orgmem_team_" + i, team, "user_sync_" + i));
		}
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		long twoListed = measured(SyncOptions.all()).transactions();
		for (int i = 2; i < 12; i++) {
			this.clerk.addMembership(ClerkData.membership("orgmem_team_" + i, team, "user_sync_" + i));
		}
		for (int i = 0; i < 5; i++) {
			this.clerk.addOrganization(ClerkData.organization("org_more_" + i).name("More " + i, "more-" + i));
		}
		Measured twelveListed = measured(SyncOptions.all());
		assertThat(twelveListed.report().summary("organizations").created()).isEqualTo(5);
		assertThat(twelveListed.report().summary("memberships").created()).isEqualTo(10);
		assertThat(twelveListed.transactions()).isEqualTo(twoListed);
		assertThat(this.organizations.findByClerkId("org_team").orElseThrow().getMembersCount()).isEqualTo(12);
	}

	/**
	 * Review of 5c64b07: a membership that fails after others of its page were written
	 * (its organization, not listed, is stored from the membership's data of it, and its
	 * role, which decides access, is longer than its column) rolls back the page's
	 * writes; the page is then stored one membership at a time, and that one fails alone.
	 */
	@Test
	void aMembershipThatFailsAfterItsPageWroteOthersFailsAloneAndTheOthersAreStored() {
		addUsers(3);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		ClerkOrganizationBuilder unlisted = ClerkData.organization("org_unlisted").name("Unlisted", "unlisted");
		this.clerk.addMembership(ClerkData.membership("orgmem_first", team, "user_sync_0"));
		this.clerk.addMembership(
				ClerkData.membership("orgmem_unlisted", unlisted, "user_sync_1").role("org:" + "r".repeat(200)));
		this.clerk.addMembership(ClerkData.membership("orgmem_last", team, "user_sync_2"));
		this.clerk.route("GET", "/v1/organizations", (request, groups) -> FakeClerkBackend.Response.json(200,
				Map.of("data", List.of(team.toMap()), "total_count", 1)));
		SyncSummary memberships = this.sync.sync(SyncOptions.all(), (soFar) -> {
		}).summary("memberships");
		assertThat(memberships.failures()).singleElement().asString().startsWith("orgmem_unlisted");
		assertThat(memberships.created()).isEqualTo(2);
		assertThat(this.memberships.findByClerkId("orgmem_first")).isPresent();
		assertThat(this.memberships.findByClerkId("orgmem_last")).isPresent();
		assertThat(this.organizations.findByClerkId("org_unlisted")).isEmpty();
		assertThat(this.organizations.findByClerkId("org_team").orElseThrow().getMembersCount()).isEqualTo(2);
	}

	/**
	 * A dry run of organizations and memberships counts what the real run stores, and
	 * stores nothing.
	 */
	@Test
	void aDryRunOfOrganizationsAndMembershipsCountsWhatTheRealRunStoresAndStoresNothing() {
		addAcmeAndBeta();
		SyncReport dryRun = this.sync.sync(SyncOptions.all().withDryRun(true), (soFar) -> {
		});
		assertThat(this.organizations.count()).isZero();
		assertThat(this.memberships.count()).isZero();
		SyncReport real = this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(dryRun.summary("organizations").created()).isEqualTo(2)
			.isEqualTo(real.summary("organizations").created());
		assertThat(dryRun.summary("memberships").created()).isEqualTo(3)
			.isEqualTo(real.summary("memberships").created());
	}

	/**
	 * Black-box run 36: an organization held by another writer past the lock timeout (a
	 * webhook handler that hangs) made every membership of it fail after a wait of its
	 * own, one lock timeout each. The organizations' step waits for it once; its
	 * memberships then fail at once, for the next sync to try again; a membership of its
	 * members in another organization is stored.
	 */
	@Test
	void anOrganizationHeldByAnotherWriterIsWaitedForOnceNotOncePerMembership() throws SQLException {
		addUsers(4);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		for (int i = 0; i < 4; i++) {
			this.clerk.addMembership(ClerkData.membership("orgmem_team_" + i, team, "user_sync_" + i));
		}
		ClerkOrganizationBuilder other = this.clerk
			.addOrganization(ClerkData.organization("org_other").name("Other", "other"));
		this.clerk.addMembership(ClerkData.membership("orgmem_other_0", other, "user_sync_0"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		// OrganizationSynchronizer's lock of the organization, held as a hanging webhook
		// holds it.
		SyncSummary memberships = whileHeld("select pg_advisory_xact_lock(" + 0x436F7267 + ", hashtext('org_team'))",
				() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
				}).summary("memberships"));
		assertThat(memberships.failures()).hasSize(4);
		assertThat(memberships.failures().stream().filter((failure) -> failure.contains("past clerk.lock-timeout")))
			.hasSize(4);
		assertThat(memberships.failures().stream().filter((failure) -> failure.contains(": org_team was held")))
			.as("failed at once, the organization found held by the organizations' step")
			.hasSize(4);
		assertThat(memberships.failures()).as("a member's membership of another organization is stored")
			.noneMatch((failure) -> failure.startsWith("orgmem_other_0"));
	}

	/**
	 * Review 39 (#5): a table that another transaction locks whole (a migration's
	 * {@code ALTER TABLE}) past the lock timeout while reconciliation reads what is
	 * stored holds no one record the sync could list as failed. The sync ends as for an
	 * outage, saying what it was reading and what to do, instead of escaping as a bare
	 * lock failure (answered 500 without a message by the actuator endpoint).
	 */
	@Test
	void aTableLockedPastTheLockTimeoutWhileReconciliationReadsItEndsTheSyncSayingSo() throws SQLException {
		addUsers(2);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		this.clerk.addMembership(ClerkData.membership("orgmem_team_0", team, "user_sync_0"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertReconcileEndsWhileLocked("clerk_organization_memberships", "the stored memberships");
		assertThat(this.memberships.findByClerkId("orgmem_team_0")).get()
			.as("what was stored stays")
			.satisfies((membership) -> assertThat(membership.isActive()).isTrue());
	}

	@Test
	void theUsersTableLockedPastTheLockTimeoutWhileReconciliationReadsItEndsTheSyncSayingSo() throws SQLException {
		addUsers(2);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertReconcileEndsWhileLocked("clerk_users", "the users holding the listed addresses");
		assertThat(this.users.findByClerkId("user_sync_0")).get()
			.as("what was stored stays")
			.satisfies((user) -> assertThat(user.isActive()).isTrue());
	}

	/**
	 * Review 42: a page whose lock named the organization it found held waited for it,
	 * and the organization's own record then waited the lock timeout once more. The
	 * record is tried without waiting, and fails at once while it is still held.
	 */
	@Test
	void anOrganizationAPageFoundHeldIsNotWaitedForAgainByItsRecord() throws SQLException {
		this.clerk.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		SyncSummary organizations = whileHeld("select pg_advisory_xact_lock(" + 0x436F7267 + ", hashtext('org_team'))",
				() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
				}).summary("organizations"));
		assertThat(organizations.failures()).singleElement()
			.asString()
			.startsWith("org_team: org_team was held by another writer past clerk.lock-timeout earlier in this sync");
	}

	/**
	 * Review of eea24e1: an organization's row that a transaction of the application held
	 * without the library's locks (a {@code select … for update}, as a seat count does)
	 * was waited for by every membership of it in turn, a lock timeout each: only the
	 * library's own locks told what was held. A row's timeout takes each of its record's
	 * organization and user for held: the later memberships that need them are tried
	 * without waiting, and fail at once, naming it.
	 */
	@Test
	void anOrganizationRowHeldWithoutTheLibrarysLocksIsWaitedForOnceNotOncePerMembership() throws SQLException {
		addUsers(5);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		for (int i = 0; i < 5; i++) {
			this.clerk.addMembership(ClerkData.membership("orgmem_team_" + i, team, "user_sync_" + i));
		}
		SyncSummary memberships = whileHeld("select id from clerk_organizations where clerk_id = 'org_team' for update",
				() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
				}).summary("memberships"));
		assertThat(memberships.failures()).hasSize(5)
			.allMatch((failure) -> failure.contains("past clerk.lock-timeout"));
		assertThat(memberships.failures().stream().filter((failure) -> failure.contains(": org_team was held")))
			.as("failed at once after the first")
			.hasSize(4);
	}

	/**
	 * Black-box run 36 (F2): a membership row that a transaction of the application held
	 * without the library's locks (a {@code select … for update}) held the sync, and with
	 * it the webhooks of its page, without end. The sync's transactions wait at most the
	 * lock timeout: that membership fails alone, and the rest of its page is stored.
	 */
	@Test
	void aMembershipRowHeldWithoutTheLibrarysLocksFailsAloneAfterTheLockTimeout() throws SQLException {
		addUsers(2);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		ClerkMembershipBuilder held = this.clerk
			.addMembership(ClerkData.membership("orgmem_held", team, "user_sync_0"));
		ClerkMembershipBuilder free = this.clerk
			.addMembership(ClerkData.membership("orgmem_free", team, "user_sync_1"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.addMembership(held.role("org:admin"));
		this.clerk.addMembership(free.role("org:admin"));
		SyncSummary memberships = whileHeld(
				"select id from clerk_organization_memberships where clerk_id = 'orgmem_held' for update",
				() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
				}).summary("memberships"));
		assertThat(memberships.failures()).singleElement()
			.asString()
			.startsWith("orgmem_held: held by another writer past clerk.lock-timeout");
		assertThat(memberships.updated()).isOne();
		assertThat(this.memberships.findByClerkId("orgmem_free").orElseThrow().getRole()).isEqualTo("org:admin");
	}

	/**
	 * Review of 5c64b07: a page compared its recount with the organization's count it had
	 * read before, so a recount that another writer committed in between (an account
	 * taken over, whose memberships end without the organization's lock) left the stored
	 * count wrong until the next change. The page counts in SQL, after its lock of the
	 * organization's row.
	 */
	@Test
	void aPagesRecountIncludesTheCountAnotherWriterCommittedSinceThePageReadTheOrganization() throws Exception {
		addUsers(4);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		ClerkMembershipBuilder first = this.clerk
			.addMembership(ClerkData.membership("orgmem_team_0", team, "user_sync_0"));
		for (int i = 1; i < 3; i++) {
			this.clerk.addMembership(ClerkData.membership("orgmem_team_" + i, team, "user_sync_" + i));
		}
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeMembership("orgmem_team_2");
		this.clerk.addMembership(first.role("org:admin"));
		this.clerk.addMembership(ClerkData.membership("orgmem_team_3", team, "user_sync_3"));
		// The page reads the organization (3 members), then waits to write orgmem_team_0,
		// whose row the other writer holds while it ends orgmem_team_2 and recounts 2.
		LockWaits.whileCommitting(this.context.getBean(PlatformTransactionManager.class), this.jdbc, () -> {
			this.jdbc.update("update clerk_organization_memberships set updated_at = now()"
					+ " where clerk_id = 'orgmem_team_0'");
			this.jdbc.update("update clerk_organization_memberships set deleted_at = now()"
					+ " where clerk_id = 'orgmem_team_2'");
			this.jdbc.update("update clerk_organizations set members_count = 2 where clerk_id = 'org_team'");
		}, () -> this.sync.sync(SyncOptions.all(), (soFar) -> {
		}));
		assertThat(this.jdbc.queryForObject(
				"select count(*) from clerk_organization_memberships" + " where deleted_at is null", Long.class))
			.isEqualTo(3);
		assertThat(this.organizations.findByClerkId("org_team").orElseThrow().getMembersCount()).isEqualTo(3);
	}

	/**
	 * Review of ee3aebb: a page of organizations wrote their rows in the order it had
	 * read them, and a recount that an account taken over runs (without the
	 * organizations' advisory locks) locks them in id order: each could hold the row the
	 * other waited for. The page locks its rows in id order before it writes. Here the
	 * page reads the organization with the higher id first (through the Clerk id index,
	 * which filler rows make the planner choose), while another transaction holds the
	 * lower one and, once the page waits, asks for the higher one.
	 */
	@Test
	void aPageOfOrganizationsLocksTheirRowsInIdOrderAsARecountDoes() throws Exception {
		OrganizationSynchronizer synchronizer = this.context.getBean(OrganizationSynchronizer.class);
		Instant earlier = Instant.parse("2026-01-01T00:00:00Z");
		ClerkOrganizationBuilder low = ClerkData.organization("org_zz").name("Zz", "zz").updatedAt(earlier);
		ClerkOrganizationBuilder high = ClerkData.organization("org_aa").name("Aa", "aa").updatedAt(earlier);
		synchronizer.upsertOrganization(organization(low));
		synchronizer.upsertOrganization(organization(high));
		this.jdbc.update("insert into clerk_organizations (id, uid, clerk_id, created_at, updated_at)"
				+ " select 1000000 + g, gen_random_uuid(), 'org_filler_' || g, now(), now()"
				+ " from generate_series(1, 20000) g");
		this.jdbc.execute("analyze clerk_organizations");
		TransactionTemplate transaction = new TransactionTemplate(
				this.context.getBean(PlatformTransactionManager.class));
		CountDownLatch lowLocked = new CountDownLatch(1);
		CountDownLatch pageWaits = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> recount = threads.submit(() -> transaction.executeWithoutResult((status) -> {
				this.jdbc.queryForList("select id from clerk_organizations where clerk_id = 'org_zz' for update");
				lowLocked.countDown();
				awaitLatch(pageWaits);
				this.jdbc.queryForList("select id from clerk_organizations where clerk_id = 'org_aa' for update");
			}));
			awaitLatch(lowLocked);
			Future<?> page = threads.submit(() -> synchronizer.upsertAllOrganizations(
					List.of(organization(high.name("Aa 2", "aa").updatedAt(earlier.plusSeconds(60))),
							organization(low.name("Zz 2", "zz").updatedAt(earlier.plusSeconds(60))))));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject("select count(*) from pg_stat_activity"
						+ " where datname = current_database() and wait_event_type = 'Lock'", Long.class) > 0);
			pageWaits.countDown();
			recount.get(30, TimeUnit.SECONDS);
			page.get(30, TimeUnit.SECONDS);
		}
		finally {
			pageWaits.countDown();
			threads.shutdownNow();
		}
		assertThat(this.organizations.findByClerkId("org_aa").orElseThrow().getName()).isEqualTo("Aa 2");
		assertThat(this.organizations.findByClerkId("org_zz").orElseThrow().getName()).isEqualTo("Zz 2");
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static OrganizationResource organization(ClerkOrganizationBuilder organization) {
		return ClerkResource.read(JsonMapper.shared().valueToTree(organization.toMap()), OrganizationResource.class);
	}

	/**
	 * Black-box run 36: the organizations' summary counted the time of the memberships'
	 * listing in its duration. Each kind's duration is the time of its own work.
	 */
	@Test
	void theOrganizationsDurationLeavesOutTheMembershipsListing() {
		addAcmeAndBeta();
		TestClock clock = new TestClock();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/organization_memberships")) {
				clock.advance(Duration.ofHours(1));
			}
		});
		OrganizationSyncStep step = new OrganizationSyncStep(this.context.getBean(ClerkOrganizationsApi.class),
				this.context.getBean(OrganizationSynchronizer.class), this.organizations, this.memberships,
				this.context.getBean(PlatformTransactionManager.class), clock);
		Map<String, SyncSummary> summaries = new LinkedHashMap<>();
		step.run(SyncOptions.all().withReconcile(true), (soFar) -> {
		}).forEach((summary) -> summaries.put(summary.step(), summary));
		assertThat(summaries.get("organizations").duration()).isLessThan(Duration.ofHours(1));
		assertThat(summaries.get("memberships").duration()).isGreaterThanOrEqualTo(Duration.ofHours(1));
	}

	/**
	 * A listed membership of a user the sync has not stored (created in Clerk after the
	 * users were listed) stores the user from the membership's public data, to be
	 * completed later, as a webhook does.
	 */
	@Test
	void aListedMembershipOfAUserNotStoredYetStoresTheUserFromItsPublicData() {
		addUsers(1);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		this.clerk.addMembership(ClerkData.membership("orgmem_known", team, "user_sync_0"));
		this.clerk.addMembership(ClerkData.membership("orgmem_unlisted", team, "user_unlisted"));
		this.clerk.route("GET", "/v1/users", (request, groups) -> FakeClerkBackend.Response.json(200,
				List.of(ClerkData.user("user_sync_0").email("0@example.com").toMap())));
		SyncSummary memberships = this.sync.sync(SyncOptions.all(), (soFar) -> {
		}).summary("memberships");
		assertThat(memberships.created()).isEqualTo(2);
		ClerkUser unlisted = this.users.findByClerkId("user_unlisted").orElseThrow();
		assertThat(unlisted.isSyncPending()).isTrue();
		assertThat(this.memberships.findByClerkId("orgmem_unlisted").orElseThrow().getUser().getId())
			.isEqualTo(unlisted.getId());
		assertThat(this.organizations.findByClerkId("org_team").orElseThrow().getMembersCount()).isEqualTo(2);
	}

	/**
	 * A membership that cannot be stored fails its page's transaction: the page is then
	 * stored one membership at a time, and that one fails alone.
	 */
	@Test
	void aMembershipThatCannotBeStoredFailsAloneAndTheRestOfItsPageIsStored() {
		addUsers(2);
		ClerkOrganizationBuilder team = this.clerk
			.addOrganization(ClerkData.organization("org_team").name("Team", "team"));
		this.clerk.addMembership(ClerkData.membership("orgmem_first", team, "user_sync_0"));
		this.clerk.addMembership(ClerkData.membership("orgmem_padded", team, " user_padded "));
		this.clerk.addMembership(ClerkData.membership("orgmem_last", team, "user_sync_1"));
		SyncSummary memberships = this.sync.sync(SyncOptions.all(), (soFar) -> {
		}).summary("memberships");
		assertThat(memberships.failed()).isOne();
		assertThat(memberships.failures()).singleElement().asString().startsWith("orgmem_padded");
		assertThat(memberships.created()).isEqualTo(2);
		assertThat(this.memberships.findByClerkId("orgmem_first")).isPresent();
		assertThat(this.memberships.findByClerkId("orgmem_last")).isPresent();
		assertThat(this.organizations.findByClerkId("org_team").orElseThrow().getMembersCount()).isEqualTo(2);
	}

	/**
	 * As a user (black-box run 33): an organization Clerk lists that cannot be read fails
	 * alone, the others are stored, and reconcile does not take it for gone.
	 */
	@Test
	void aListedOrganizationThatCannotBeReadFailsAloneAndIsNotTakenForGone() {
		ClerkOrganizationBuilder first = ClerkData.organization("org_first").name("First", "first");
		ClerkOrganizationBuilder unreadable = ClerkData.organization("org_unreadable").name("Unreadable", "unreadable");
		this.clerk.addOrganization(first);
		this.clerk.addOrganization(unreadable);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		Map<String, @Nullable Object> broken = new LinkedHashMap<>(unreadable.toMap());
		broken.put("updated_at", "yesterday");
		ClerkOrganizationBuilder last = ClerkData.organization("org_last").name("Last", "last");
		this.clerk.route("GET", "/v1/organizations", (request, groups) -> FakeClerkBackend.Response.json(200,
				Map.of("data", List.of(first.toMap(), broken, last.toMap()), "total_count", 3)));
		SyncSummary organizations = this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
		}).summary("organizations");
		assertThat(organizations.failed()).isOne();
		assertThat(organizations.failures()).singleElement().asString().startsWith("org_unreadable");
		assertThat(organizations.deactivated()).isZero();
		assertThat(this.organizations.findByClerkId("org_last")).isPresent();
		assertThat(this.organizations.findByClerkId("org_unreadable").orElseThrow().isActive()).isTrue();
	}

	/**
	 * Review of cf9a5b5: reconcile asks Clerk again for a stored organization or
	 * membership missing from the listing. One Clerk answers for that cannot be read
	 * fails alone: Clerk still has it, so it is not taken for gone, and the sync is not
	 * ended as an outage of Clerk.
	 */
	@Test
	void anOrganizationOrMembershipReconcileAsksForThatCannotBeReadFailsAloneAndIsNotTakenForGone() {
		addUsers(2);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		ClerkOrganizationBuilder skipped = this.clerk
			.addOrganization(ClerkData.organization("org_skipped").name("Skipped", "skipped"));
		ClerkMembershipBuilder listed = this.clerk
			.addMembership(ClerkData.membership("orgmem_listed", acme, "user_sync_0"));
		ClerkMembershipBuilder missing = this.clerk
			.addMembership(ClerkData.membership("orgmem_missing", acme, "user_sync_1"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		Map<String, @Nullable Object> brokenOrganization = new LinkedHashMap<>(skipped.toMap());
		brokenOrganization.put("updated_at", "yesterday");
		Map<String, @Nullable Object> brokenMembership = new LinkedHashMap<>(missing.toMap());
		brokenMembership.put("updated_at", "yesterday");
		this.clerk.route("GET", "/v1/organizations", (request, groups) -> FakeClerkBackend.Response.json(200,
				Map.of("data", List.of(acme.toMap()), "total_count", 1)));
		this.clerk.route("GET", "/v1/organizations/org_skipped",
				(request, groups) -> FakeClerkBackend.Response.json(200, brokenOrganization));
		this.clerk.route("GET", "/v1/organization_memberships", (request, groups) -> FakeClerkBackend.Response.json(200,
				Map.of("data", List.of(listed.toMap()), "total_count", 1)));
		this.clerk.route("GET", "/v1/organizations/org_acme/memberships", (request, groups) -> FakeClerkBackend.Response
			.json(200, Map.of("data", List.of(brokenMembership), "total_count", 1)));
		SyncReport report = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		});
		SyncSummary organizations = report.summary("organizations");
		assertThat(organizations.failures()).singleElement().asString().startsWith("org_skipped");
		assertThat(organizations.deactivated()).isZero();
		SyncSummary memberships = report.summary("memberships");
		assertThat(memberships.failures()).singleElement().asString().startsWith("orgmem_missing");
		assertThat(memberships.deactivated()).isZero();
		assertThat(this.organizations.findByClerkId("org_skipped").orElseThrow().isActive()).isTrue();
		assertThat(this.memberships.findByClerkId("orgmem_missing").orElseThrow().isActive()).isTrue();
	}

	/**
	 * Black-box run 36: a member removed and added again in Clerk while reconcile ran,
	 * whose new membership was stored (by its webhook) after reconcile found the old one
	 * gone, was removed by reconcile: the row it removed held the new membership, whose
	 * data is newer than the listing. Its tombstone then kept every later sync from
	 * storing it.
	 */
	@Test
	void reconcileNeverRemovesAMembershipWhoseDataIsNewerThanItsListing() {
		addUsers(2);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		this.clerk.addMembership(ClerkData.membership("orgmem_old", acme, "user_sync_0"));
		this.clerk.addMembership(ClerkData.membership("orgmem_kept", acme, "user_sync_1"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeMembership("orgmem_old");
		OrganizationSynchronizer organizationSynchronizer = this.context.getBean(OrganizationSynchronizer.class);
		AtomicBoolean readded = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/organizations/org_acme/memberships") && readded.compareAndSet(false, true)) {
				// Reconcile found the old membership gone; the member is added again, and
				// its webhook stored, before reconcile removes anything.
				Instant now = Instant.now();
				ClerkMembershipBuilder again = this.clerk.addMembership(
						ClerkData.membership("orgmem_new", acme, "user_sync_0").createdAt(now).updatedAt(now));
				organizationSynchronizer.upsertMembership(membership(again));
			}
		});
		SyncReport reconciled = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		});
		assertThat(readded).isTrue();
		assertThat(reconciled.summary("memberships").deactivated()).isZero();
		assertThat(this.memberships.findByClerkId("orgmem_new").orElseThrow().isActive()).isTrue();
		assertThat(this.organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isEqualTo(2);
	}

	/**
	 * Review of f3b2a9b: reconcile removed every stored membership of an organization it
	 * did not keep, not only those it had found gone. A member removed and added again
	 * before the sync, whose new membership the listing skipped and whose late webhook
	 * brought the pair's row back while reconcile ran, was removed, though reconcile had
	 * never looked at it.
	 */
	@Test
	void reconcileRemovesOnlyTheMembershipsItFoundGone() {
		addUsers(3);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		Instant base = Instant.now().minusSeconds(3600);
		this.clerk.addMembership(ClerkData.membership("orgmem_listed", acme, "user_sync_0"));
		ClerkMembershipBuilder removed = this.clerk
			.addMembership(ClerkData.membership("orgmem_removed", acme, "user_sync_1").createdAt(base).updatedAt(base));
		this.clerk.addMembership(ClerkData.membership("orgmem_gone", acme, "user_sync_2"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		OrganizationSynchronizer organizationSynchronizer = this.context.getBean(OrganizationSynchronizer.class);
		organizationSynchronizer.deleteMembership(membership(removed), base.plusSeconds(60));
		this.clerk.removeMembership("orgmem_removed");
		this.clerk.removeMembership("orgmem_gone");
		// The user was added again before the sync; the listing skips the new membership.
		ClerkMembershipBuilder again = ClerkData.membership("orgmem_again", acme, "user_sync_1")
			.createdAt(base.plusSeconds(120))
			.updatedAt(base.plusSeconds(120));
		AtomicBoolean late = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/organizations/org_acme/memberships") && late.compareAndSet(false, true)) {
				// Its late webhook arrives while reconcile confirms orgmem_gone.
				organizationSynchronizer.upsertMembership(membership(again));
			}
		});
		SyncReport reconciled = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		});
		assertThat(late).isTrue();
		assertThat(reconciled.summary("memberships").deactivated()).isOne();
		assertThat(this.memberships.findByClerkId("orgmem_gone").orElseThrow().isActive()).isFalse();
		assertThat(this.memberships.findByClerkId("orgmem_again").orElseThrow().isActive()).isTrue();
	}

	/**
	 * An organization deleted in Clerk after the listings, while reconcile confirms a
	 * membership missing from them: Clerk answers the confirmation 404 (the fake answered
	 * an empty page before black-box run 185), and the sync failed on it. Its memberships
	 * are gone with it; the organization itself goes at the next reconcile, or with its
	 * webhook.
	 */
	@Test
	void aMembershipOfAnOrganizationDeletedWhileReconcileConfirmsItIsGone() {
		addUsers(2);
		ClerkOrganizationBuilder doomed = this.clerk
			.addOrganization(ClerkData.organization("org_doomed").name("Doomed", "doomed"));
		this.clerk.addMembership(ClerkData.membership("orgmem_doomed_0", doomed, "user_sync_0"));
		this.clerk.addMembership(ClerkData.membership("orgmem_doomed_1", doomed, "user_sync_1"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeMembership("orgmem_doomed_1");
		AtomicBoolean deleted = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/organization_memberships") && deleted.compareAndSet(false, true)) {
				this.clerk.removeOrganization("org_doomed");
			}
		});
		SyncReport reconciled = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		});
		assertThat(deleted).isTrue();
		assertThat(this.clerk.requests("GET", "/v1/organizations/org_doomed/memberships")).singleElement()
			.satisfies((request) -> assertThat(request.status()).isEqualTo(404));
		assertThat(reconciled.summary("memberships").deactivated()).isOne();
		assertThat(this.memberships.findByClerkId("orgmem_doomed_1").orElseThrow().isActive()).isFalse();
		assertThat(this.memberships.findByClerkId("orgmem_doomed_0").orElseThrow().isActive()).as("listed").isTrue();
	}

	/**
	 * Black-box run 163, F1: a Clerk user deleted, and a new one created with its
	 * verified address, both found by one reconcile, ended otherwise than the same
	 * changes found by two (or delivered by webhooks, deletion first): the new user took
	 * the address from the account, which stayed the deleted user's tombstone, instead of
	 * taking the account over. A listed user whose address a stored user missing from the
	 * listing holds now waits for reconcile to confirm that user gone, as a webhook's
	 * deletion would come first; a dry run counts what the run does.
	 */
	@Test
	void aNewUserWithTheAddressOfAUserReconcileFindsDeletedTakesTheAccountOver() {
		addUsers(40);
		this.clerk.addUser(ClerkData.user("user_old").email("shared@example.com"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		ClerkUser old = this.users.findByClerkId("user_old").orElseThrow();
		this.accounts.setRoles(old.getUid(), true, false);
		this.clerk.removeUser("user_old");
		this.clerk.addUser(ClerkData.user("user_new")
			.email("shared@example.com")
			.createdAt(Instant.parse("2026-06-01T00:00:00Z"))
			.updatedAt(Instant.parse("2026-06-01T00:00:00Z")));
		SyncOptions reconcile = SyncOptions.all().withReconcile(true).withPageSize(10);
		SyncSummary dryRun = this.sync.sync(reconcile.withDryRun(true), (soFar) -> {
		}).summary("users");
		SyncSummary users = this.sync.sync(reconcile, (soFar) -> {
		}).summary("users");
		assertThat(users.linked()).as("taken over").isOne();
		assertThat(users.created()).isZero();
		assertThat(users.deactivated()).isOne();
		assertThat(List.of(dryRun.linked(), dryRun.created(), dryRun.deactivated()))
			.as("the dry run's counts are the run's")
			.containsExactly(users.linked(), users.created(), users.deactivated());
		ClerkUser account = this.users.findByClerkId("user_new").orElseThrow();
		assertThat(account.getId()).as("the account the deleted user had").isEqualTo(old.getId());
		assertThat(account.getEmail()).isEqualTo("shared@example.com");
		assertThat(account.isActive()).isTrue();
		assertThat(account.isStaff()).as("without the deleted user's rights").isFalse();
		ClerkUser tombstone = this.users.findByClerkId("user_old").orElseThrow();
		assertThat(tombstone.isDeleted()).isTrue();
		assertThat(tombstone.getId()).isNotEqualTo(old.getId());
		SyncSummary again = this.sync.sync(reconcile, (soFar) -> {
		}).summary("users");
		assertThat(again.linked() + again.created() + again.updated() + again.deactivated()).isZero();
	}

	/**
	 * Review 281, F2: when the deleted user's deactivation failed (its record held past
	 * the lock timeout, as by a hanging webhook), the new user with its address was
	 * stored all the same, as a new row that took the address: the account was never
	 * taken over, by this run or a later one. The new user now waits for the run that
	 * deactivates the account, and takes it over then.
	 */
	@Test
	void aNewUserWaitsForTheRunThatDeactivatesTheAccountItTakesOver() throws SQLException {
		addUsers(40);
		this.clerk.addUser(ClerkData.user("user_held_old").email("held@example.com"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		ClerkUser old = this.users.findByClerkId("user_held_old").orElseThrow();
		this.clerk.removeUser("user_held_old");
		this.clerk.addUser(ClerkData.user("user_held_new")
			.email("held@example.com")
			.createdAt(Instant.parse("2026-06-01T00:00:00Z"))
			.updatedAt(Instant.parse("2026-06-01T00:00:00Z")));
		SyncOptions reconcile = SyncOptions.all().withReconcile(true).withPageSize(10);
		SyncSummary held = whileHeld("select pg_advisory_xact_lock(" + 0x436C726B + ", hashtext('user_held_old'))",
				() -> this.sync.sync(reconcile, (soFar) -> {
				}).summary("users"));
		assertThat(held.deactivated()).isZero();
		assertThat(held.failed()).as("the deactivation that waited for good").isOne();
		assertThat(this.users.findByClerkId("user_held_new")).as("waiting for the account it takes over").isEmpty();
		assertThat(this.users.findByClerkId("user_held_old").orElseThrow().getEmail()).isEqualTo("held@example.com");
		SyncSummary users = this.sync.sync(reconcile, (soFar) -> {
		}).summary("users");
		assertThat(users.linked()).as("taken over").isOne();
		assertThat(users.deactivated()).isOne();
		assertThat(this.users.findByClerkId("user_held_new").orElseThrow().getId())
			.as("the account the deleted user had")
			.isEqualTo(old.getId());
	}

	/**
	 * Black-box run 163, F2: a member removed and added again under a new membership
	 * dated as the old one (test data with the default dates) was lost for good: the
	 * listed membership was not newer than the stored one, so reconcile kept the old one
	 * and then removed it, and every later sync found the new one not newer than the
	 * removal. A listing is Clerk's current data, and Clerk has one membership per user
	 * and organization: another membership listed with the same date is the current one.
	 */
	@Test
	void aMemberAddedAgainUnderANewMembershipOfTheSameDateIsAMemberAfterReconcile() {
		addUsers(2);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		this.clerk.addMembership(ClerkData.membership("orgmem_first", acme, "user_sync_0").role("org:member"));
		this.clerk.addMembership(ClerkData.membership("orgmem_kept", acme, "user_sync_1"));
		this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
		});
		this.clerk.removeMembership("orgmem_first");
		this.clerk.addMembership(ClerkData.membership("orgmem_again", acme, "user_sync_0").role("org:admin"));
		SyncReport reconciled = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		});
		assertThat(reconciled.hasFailures()).isFalse();
		OrganizationMembership again = this.memberships.findByClerkId("orgmem_again").orElseThrow();
		assertThat(again.isActive()).isTrue();
		assertThat(again.getRole()).isEqualTo("org:admin");
		assertThat(this.organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isEqualTo(2);
		SyncSummary next = this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
		}).summary("memberships");
		assertThat(next.created() + next.updated() + next.deactivated()).as("nothing left to change").isZero();
	}

	private static OrganizationMembershipResource membership(ClerkMembershipBuilder membership) {
		return ClerkResource.read(JsonMapper.shared().valueToTree(membership.toMap()),
				OrganizationMembershipResource.class);
	}

	@Test
	void aDeletionDuringTheListingNeverDeletesTheOrganizationOrMembershipItSkipped() {
		addUsers(30);
		ClerkOrganizationBuilder big = this.clerk.addOrganization(ClerkData.organization("org_big").name("Big", "big"));
		for (int i = 0; i < 30; i++) {
			this.clerk.addOrganization(ClerkData.organization("org_" + i).name("Org " + i, "org-" + i));
			this.clerk.addMembership(ClerkData.membership("orgmem_" + i, big, "user_sync_" + i));
		}
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		AtomicBoolean organizationDeleted = new AtomicBoolean();
		AtomicBoolean membershipDeleted = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/organizations") && organizationDeleted.compareAndSet(false, true)) {
				this.clerk.removeOrganization("org_5");
			}
			if (request.path().equals("/v1/organization_memberships") && membershipDeleted.compareAndSet(false, true)) {
				this.clerk.removeMembership("orgmem_5");
			}
		});
		SyncReport reconciled = this.sync.sync(SyncOptions.all().withPageSize(10).withReconcile(true), (soFar) -> {
		});
		assertThat(this.organizations.findByClerkId("org_9").orElseThrow().isActive())
			.as("the organization skipped by the shifted listing (org_big comes first)")
			.isTrue();
		assertThat(this.memberships.findByClerkId("orgmem_10").orElseThrow().isActive())
			.as("the membership skipped by the shifted listing")
			.isTrue();
		assertThat(reconciled.summary("organizations").deactivated()).isZero();
		assertThat(reconciled.summary("memberships").deactivated()).isZero();
		SyncReport next = this.sync.sync(SyncOptions.all().withPageSize(10).withReconcile(true), (soFar) -> {
		});
		assertThat(next.summary("organizations").deactivated()).isOne();
		assertThat(next.summary("memberships").deactivated()).isOne();
		assertThat(this.organizations.findByClerkId("org_5").orElseThrow().isActive()).isFalse();
		assertThat(this.memberships.findByClerkId("orgmem_5").orElseThrow().isActive()).isFalse();
	}

	/**
	 * Review of 5c64b07: the users a listing missed but Clerk still has were stored in
	 * one transaction however many they were. They are stored a page at a time, as the
	 * listing's are: five of them in pages of two cost two transactions more than in one
	 * page.
	 */
	@Test
	void theUsersReconcileFindsStillInClerkAreStoredAPageAtATime() {
		addUsers(6);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.route("GET", "/v1/users", (request, groups) -> {
			List<String> ids = request.params("user_id");
			List<String> listed = ids.isEmpty() ? List.of("user_sync_0") : ids;
			return FakeClerkBackend.Response.json(200,
					listed.stream().map((id) -> this.clerk.user(id).orElseThrow()).toList());
		});
		SyncOptions reconcile = SyncOptions.all().withReconcile(true).withForce(true);
		Measured onePage = measured(reconcile);
		Measured pagesOfTwo = measured(reconcile.withPageSize(2));
		assertThat(pagesOfTwo.report().summary("users").unchanged()).isEqualTo(6);
		assertThat(pagesOfTwo.report().summary("users").deactivated()).isZero();
		assertThat(pagesOfTwo.transactions() - onePage.transactions()).isEqualTo(2);
	}

	@Test
	void reconcileRefusesAnEmptyListingWhileLinkedUsersAreStored() {
		addUsers(10);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.reset();
		assertThatExceptionOfType(SyncRefusedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
			}))
			.withMessageContaining("listed no user")
			.withMessageContaining("--force");
		assertThat(this.users.findAll()).allMatch(ClerkUser::isActive);
		SyncSummary forced = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		}).summary("users");
		assertThat(forced.deactivated()).isEqualTo(10);
	}

	@Test
	void reconcileRefusesToDeactivateMoreThanTheMaximumShareBeforeWritingAnything() {
		addUsers(20);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeUser("user_sync_3");
		this.clerk.removeUser("user_sync_4");
		assertThatExceptionOfType(SyncRefusedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
			}))
			.withMessageContaining("2 of 20")
			.withMessageContaining("clerk.sync.reconcile-max-fraction");
		assertThat(this.users.findAll()).allMatch(ClerkUser::isActive);
		// A dry run is held to the guard as well; with --force it shows the counts, and
		// deactivates nothing (black-box run 154, F3: operations.md says so now).
		SyncOptions dryRun = SyncOptions.all().withDryRun(true).withReconcile(true);
		assertThatExceptionOfType(SyncRefusedException.class).isThrownBy(() -> this.sync.sync(dryRun, (soFar) -> {
		})).withMessageContaining("2 of 20");
		SyncSummary counted = this.sync.sync(dryRun.withForce(true), (soFar) -> {
		}).summary("users");
		assertThat(counted.deactivated()).isEqualTo(2);
		assertThat(this.users.findAll()).allMatch(ClerkUser::isActive);
		SyncSummary forced = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		}).summary("users");
		assertThat(forced.deactivated()).isEqualTo(2);
	}

	/**
	 * The share of every kind is checked before any kind is deactivated: users and
	 * organizations within the share are left alone when memberships are over it.
	 */
	@Test
	void reconcileChecksTheShareOfEveryKindBeforeDeactivatingAnything() {
		addUsers(40);
		ClerkOrganizationBuilder big = this.clerk.addOrganization(ClerkData.organization("org_big").name("Big", "big"));
		for (int i = 0; i < 39; i++) {
			this.clerk.addOrganization(ClerkData.organization("org_" + i).name("Org " + i, "org-" + i));
		}
		for (int i = 0; i < 20; i++) {
			this.clerk.addMembership(ClerkData.membership("orgmem_" + i, big, "user_sync_" + i));
		}
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeUser("user_sync_39");
		this.clerk.removeOrganization("org_38");
		this.clerk.removeMembership("orgmem_0");
		this.clerk.removeMembership("orgmem_1");
		this.clerk.removeMembership("orgmem_2");
		assertThatExceptionOfType(SyncRefusedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
			}))
			.withMessageContaining("3 of 20 linked memberships");
		assertThat(this.users.findAll()).as("1 of 40 users is within the share, but nothing is deactivated")
			.allMatch(ClerkUser::isActive);
		assertThat(this.organizations.findAll()).as("1 of 40 organizations is within the share too")
			.allMatch(Organization::isActive);
		assertThat(this.memberships.findAll()).allMatch(OrganizationMembership::isActive);
		SyncReport forced = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		});
		assertThat(forced.summary("users").deactivated()).isOne();
		assertThat(forced.summary("organizations").deactivated()).isOne();
		assertThat(forced.summary("memberships").deactivated()).isEqualTo(3);
	}

	@Test
	void aSecretKeyOfAnotherClerkInstanceIsRefused() {
		addUsers(3);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(recordedInstance()).as("the instance of the key, from the kid of its JWKS")
			.isEqualTo(this.clerk.tokens().keyId());
		this.jdbc.update("update clerk_instance set instance_id = 'ins_production'");
		assertThatExceptionOfType(SyncRefusedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
			}))
			.withMessageContaining("ins_production")
			.withMessageContaining(this.clerk.tokens().keyId());
	}

	/**
	 * Review 281, F1: with no instance recorded yet (accounts copied from
	 * django-clerk-users, say), the first sync took any secret key for the data's own, so
	 * a key of another instance stored that instance's users, moved addresses off the
	 * accounts, recorded the wrong instance and then refused the right key. Before it
	 * records an instance, the check now asks it for linked users stored here, and
	 * refuses a key whose instance has none of them.
	 */
	@Test
	void aFirstSyncIsRefusedAKeyWhoseInstanceHasNoneOfTheLinkedUsersStored() {
		storedWithNoInstanceRecorded(3);
		for (int i = 0; i < 3; i++) {
			this.clerk.removeUser("user_sync_" + i);
			this.clerk.addUser(ClerkData.user("user_other_" + i).email(i + "@example.com"));
		}
		assertThatExceptionOfType(SyncRefusedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
			}))
			.withMessageContaining(this.clerk.tokens().keyId())
			.withMessageContaining("none of the 3 linked users stored here")
			.withMessageContaining("--force");
		assertThat(this.users.findAll()).as("nothing changed")
			.extracting(ClerkUser::getClerkId, ClerkUser::getEmail, ClerkUser::isActive)
			.containsExactlyInAnyOrder(tuple("user_sync_0", "0@example.com", true),
					tuple("user_sync_1", "1@example.com", true), tuple("user_sync_2", "2@example.com", true));
		assertThat(recordedInstances()).isEmpty();
		this.clerk.addUser(ClerkData.user("user_sync_2").email("2@example.com"));
		this.sync.sync(SyncOptions.all().withDryRun(true), (soFar) -> {
		});
		assertThat(recordedInstances()).as("an instance with one of them is taken, once a run records it").isEmpty();
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(recordedInstance()).isEqualTo(this.clerk.tokens().keyId());
	}

	/**
	 * Review 283, F2 and F3: the users asked for are active ones (a batch of users
	 * deleted in Clerk and copied inactive from django-clerk-users is not asked for), and
	 * a first forced sync records the key's instance whatever is stored.
	 */
	@Test
	void aFirstSyncAsksForActiveUsersOnlyAndWithForceRecordsTheKeysInstanceWhateverIsStored() {
		storedWithNoInstanceRecorded(3);
		insertLinkedUsers("spam", 12, false);
		this.sync.sync(SyncOptions.all().withDryRun(true), (soFar) -> {
		});
		for (int i = 0; i < 3; i++) {
			this.clerk.removeUser("user_sync_" + i);
		}
		assertThatExceptionOfType(SyncRefusedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
			}))
			.withMessageContaining("none of the 3 linked users")
			.withMessageContaining("--force and without --reconcile");
		this.sync.sync(SyncOptions.all().withForce(true), (soFar) -> {
		});
		assertThat(recordedInstance()).isEqualTo(this.clerk.tokens().keyId());
	}

	/**
	 * Black-box run 284: the users asked for were the most recent ones, so a recent batch
	 * that Clerk deleted while the copy kept them active (webhooks missed) refused the
	 * right key; they are now spread over the users' history by a hash of their ids.
	 */
	@Test
	void aFirstSyncIsNotRefusedTheRightKeyForARecentBatchClerkDeleted() {
		storedWithNoInstanceRecorded(5);
		insertLinkedUsers("recent", 15, true);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(recordedInstance()).isEqualTo(this.clerk.tokens().keyId());
	}

	@Test
	void aDryRunChangesNothingButCountsWhatWouldChange() {
		addUsers(6);
		SyncSummary dryRun = this.sync.sync(SyncOptions.all().withPageSize(4).withDryRun(true), (soFar) -> {
		}).summary("users");
		assertThat(dryRun.dryRun()).isTrue();
		assertThat(dryRun.created()).isEqualTo(6);
		assertThat(this.users.count()).isZero();
	}

	@Test
	void rateLimitedPagesAreRetriedAfterTheirRetryAfter() {
		addUsers(5);
		this.clerk.rateLimitNext(2, 3);
		SyncSummary users = this.sync.sync(SyncOptions.all(), (soFar) -> {
		}).summary("users");
		assertThat(users.created()).isEqualTo(5);
		assertThat(SyncTestConfiguration.waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
		assertThat(this.clerk.requests()).filteredOn((request) -> request.status() == 429).hasSize(2);
		assertThat(users.apiCalls()).as("calls made, not counting their retries")
			.isEqualTo(this.clerk.requests("GET", "/v1/users")
				.stream()
				.filter((request) -> request.status() == 200)
				.count());
	}

	@Test
	void aBadUserFailsAloneAndIsReported() {
		addUsers(4);
		this.clerk.addUser(
				ClerkData.user(" user_bad ").email("bad@example.com").createdAt(Instant.parse("2026-01-01T00:00:02Z")));
		SyncReport report = this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		SyncSummary users = report.summary("users");
		assertThat(users.failed()).isOne();
		assertThat(users.failures()).singleElement().asString().contains("user_bad").contains("padded");
		assertThat(users.created()).isEqualTo(4);
		assertThat(report.hasFailures()).isTrue();
	}

	@Test
	void organizationsAndMembershipsAreSyncedAndReconciledToo() {
		addAcmeAndBeta();
		SyncReport first = this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(first.summary("organizations").created()).isEqualTo(2);
		assertThat(first.summary("memberships").created()).isEqualTo(3);
		assertThat(this.organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isEqualTo(2);

		this.clerk.removeMembership("orgmem_2");
		this.clerk.removeOrganization("org_beta");
		SyncReport reconciled = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
		});
		assertThat(reconciled.summary("organizations").deactivated()).isOne();
		assertThat(reconciled.summary("memberships").deactivated()).as("memberships of a deleted organization are kept")
			.isOne();
		assertThat(this.memberships.findByClerkId("orgmem_2").orElseThrow().isActive()).isFalse();
		assertThat(this.memberships.findByClerkId("orgmem_1").orElseThrow().isActive()).isTrue();
		assertThat(this.organizations.findByClerkId("org_beta").orElseThrow().isActive()).isFalse();
		assertThat(this.memberships.findByClerkId("orgmem_3").orElseThrow().getOrganization().isActive()).isFalse();
		assertThat(this.organizations.findByClerkId("org_acme").orElseThrow().getMembersCount()).isOne();
	}

	/**
	 * A change to a role's permissions in Clerk's dashboard moves no membership's
	 * {@code updated_at} and sends no membership event: a sync's listing is how it
	 * arrives, so an equal-dated listed membership whose role or permissions differ
	 * replaces them.
	 */
	@Test
	void aRoleWhosePermissionsChangedInClerkReachesItsMembershipsOnTheNextSync() {
		addUsers(1);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		ClerkMembershipBuilder member = this.clerk.addMembership(
				ClerkData.membership("orgmem_1", acme, "user_sync_0").role("org:member", "org:billing:manage"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(this.memberships.findByClerkId("orgmem_1").orElseThrow().getPermissions())
			.containsExactly("org:billing:manage");

		this.clerk.addMembership(member.role("org:member").updatedAt(member.updatedAt()));
		SyncReport report = this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(report.summary("memberships").updated()).isOne();
		assertThat(this.memberships.findByClerkId("orgmem_1").orElseThrow().getPermissions()).isEmpty();
		SyncReport again = this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		assertThat(again.summary("memberships").updated()).as("nothing left to change").isZero();
	}

	@Test
	void aDryRunReconcileCountsWhatTheRealRunDoesWhenAnOrganizationWasDeleted() {
		addAcmeAndBeta();
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeMembership("orgmem_2");
		this.clerk.removeOrganization("org_beta");
		this.clerk.clearRequests();
		SyncOptions reconcile = SyncOptions.all().withReconcile(true).withForce(true);
		SyncReport dryRun = this.sync.sync(reconcile.withDryRun(true), (soFar) -> {
		});
		assertThat(this.clerk.requests("GET", "/v1/organizations/org_beta/memberships"))
			.as("no membership asked for in an organization found gone")
			.isEmpty();
		assertThat(this.memberships.findByClerkId("orgmem_2").orElseThrow().isActive()).isTrue();
		SyncReport real = this.sync.sync(reconcile, (soFar) -> {
		});
		assertThat(dryRun.summary("organizations").deactivated()).isOne()
			.isEqualTo(real.summary("organizations").deactivated());
		assertThat(dryRun.summary("memberships").deactivated()).isOne()
			.isEqualTo(real.summary("memberships").deactivated());
	}

	/**
	 * Two users; org_acme with orgmem_1 (user_sync_0, an admin) and orgmem_2
	 * (user_sync_1); org_beta with orgmem_3 (user_sync_1).
	 */
	private void addAcmeAndBeta() {
		addUsers(2);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		ClerkOrganizationBuilder beta = this.clerk
			.addOrganization(ClerkData.organization("org_beta").name("Beta", "beta"));
		this.clerk.addMembership(ClerkData.membership("orgmem_1", acme, "user_sync_0").role("org:admin"));
		this.clerk.addMembership(ClerkData.membership("orgmem_2", acme, "user_sync_1"));
		this.clerk.addMembership(ClerkData.membership("orgmem_3", beta, "user_sync_1"));
	}

	/**
	 * Runs a sync and counts the entities Hibernate loaded and the transactions it
	 * completed for it.
	 */
	private Measured measured(SyncOptions options) {
		Statistics statistics = this.context.getBean(EntityManagerFactory.class)
			.unwrap(SessionFactory.class)
			.getStatistics();
		statistics.clear();
		statistics.setStatisticsEnabled(true);
		try {
			SyncReport report = this.sync.sync(options, (soFar) -> {
			});
			return new Measured(report, statistics.getEntityLoadCount(), statistics.getTransactionCount());
		}
		finally {
			statistics.setStatisticsEnabled(false);
		}
	}

	/**
	 * Runs work while another connection holds what a statement locks, with the library's
	 * lock timeout at 200 ms, and fails it when it waits for good.
	 */
	/**
	 * A reconciling sync run while another transaction holds a table locked whole ends,
	 * naming what it was reading and the lock timeout.
	 */
	private void assertReconcileEndsWhileLocked(String table, String reading) {
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> whileHeld("lock table " + table + " in access exclusive mode",
					() -> this.sync.sync(SyncOptions.all().withReconcile(true), (soFar) -> {
					})))
			.withMessageContaining("while reading " + reading)
			.withMessageContaining("clerk.lock-timeout");
	}

	private <T> T whileHeld(String lockStatement, ThrowingSupplier<T> work) throws SQLException {
		AdvisoryLocks locks = this.context.getBean(AdvisoryLocks.class);
		Duration lockTimeout = locks.getLockTimeout();
		locks.setLockTimeout(Duration.ofMillis(200));
		try (Connection holder = this.context.getBean(DataSource.class).getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute(lockStatement);
			}
			try {
				return assertTimeoutPreemptively(Duration.ofSeconds(30), work);
			}
			finally {
				holder.rollback();
			}
		}
		finally {
			locks.setLockTimeout(lockTimeout);
		}
	}

	private record Measured(SyncReport report, long entityLoads, long transactions) {
	}

	/**
	 * Stores users Clerk has, as a first sync does, and forgets the Clerk instance that
	 * sync recorded, as a database filled otherwise (a copy, sign-ins) has none.
	 */
	private void storedWithNoInstanceRecorded(int users) {
		addUsers(users);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.jdbc.update("delete from clerk_instance");
	}

	private String recordedInstance() {
		return this.jdbc.queryForObject("select instance_id from clerk_instance", String.class);
	}

	private List<String> recordedInstances() {
		return this.jdbc.queryForList("select instance_id from clerk_instance", String.class);
	}

	/**
	 * Stores linked users that Clerk does not have, as a copy from another system holds
	 * them ({@code user_<prefix>_<i>}).
	 */
	private void insertLinkedUsers(String prefix, int count, boolean active) {
		for (int i = 0; i < count; i++) {
			this.jdbc.update(
					"insert into clerk_users (id, uid, clerk_id, email, is_active, created_at, updated_at)"
							+ " values (nextval('clerk_users_id_seq'), gen_random_uuid(), ?, ?, ?, now(), now())",
					"user_" + prefix + "_" + i, prefix + i + "@example.com", active);
		}
	}

	private void addUsers(int count) {
		for (int i = 0; i < count; i++) {
			this.clerk.addUser(ClerkData.user("user_sync_" + i)
				.email(i + "@example.com")
				.createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
				.updatedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
		}
	}

}
