package dev.clerkusers.it.sync;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.PushOptions;
import dev.clerkusers.sync.SyncAbortedException;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncReport;
import dev.clerkusers.sync.SyncSummary;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.database.TestDatabaseOutage;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A sync during a real database outage: the application's database stops accepting
 * connections (and its open ones are ended) between two pages. The sync ends at once with
 * a clear message instead of retrying every user of the page, and of every later page,
 * one by one.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.datasource.hikari.connection-timeout=1000", "clerk.lock-timeout=1s" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
class SyncOutageTests {

	/** How a sync lists a record that another writer held past the lock timeout. */
	private static final String HELD = "held by another writer past clerk.lock-timeout";

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkSync sync;

	@Autowired
	ClerkUserPush push;

	@Autowired
	HikariDataSource dataSource;

	@Autowired
	ApplicationContext context;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	OrganizationRepository organizations;

	@Autowired
	OrganizationMembershipRepository memberships;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.clerk.reset();
	}

	@AfterEach
	void databaseIsBack() {
		TestDatabaseOutage.of(this.dataSource).end();
	}

	@Test
	void anOutageOfTheDatabaseEndsTheSyncAtOnce() {
		addUsers(30);
		AtomicBoolean down = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && down.compareAndSet(false, true)) {
				TestDatabaseOutage.of(this.dataSource).begin();
			}
		});
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withPageSize(10), (soFar) -> {
			}))
			.withMessageContaining("stopped while storing a page of users")
			.withMessageContaining("run it again");
		assertThat(this.clerk.requests("GET", "/v1/users")).as("no page listed after the outage").hasSize(1);
	}

	@Test
	void anOutageOfClerkEndsTheSyncAtOnce() {
		addUsers(30);
		AtomicBoolean down = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && down.compareAndSet(false, true)) {
				this.clerk.setUnavailable(true);
			}
		});
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withPageSize(10), (soFar) -> {
			}))
			.withMessageContaining("stopped while listing users from offset 10");
		assertThat(this.clerk.requests("GET", "/v1/users")).hasSize(2);
	}

	/**
	 * Black-box run 184 F1: a sync stopped by Clerk's rate limit said to run it again
	 * "when the service is back", without the wait Clerk asked for or the settings that
	 * bound the waits of a run.
	 */
	@Test
	void aSyncStoppedByClerksRateLimitSaysHowLongClerkAskedToWait() {
		addUsers(30);
		AtomicBoolean limited = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && limited.compareAndSet(false, true)) {
				this.clerk.rateLimitNext(1, 3600);
			}
		});
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withPageSize(10), (soFar) -> {
			}))
			.withMessageContaining("stopped while listing users from offset 10")
			.withMessageContaining("Clerk's rate limit stopped it: it asked to wait 3600 s")
			.withMessageContaining("clerk.api.max-retry-wait")
			.withMessageContaining("clerk.api.max-retries")
			.withMessageNotContaining("when the service is back");
	}

	/**
	 * An outage before the first page (Clerk unreachable when the sync checks which
	 * instance it syncs from, or the database when it takes the sync lock) ends the sync
	 * as an outage during it does, so that an operator endpoint answers 503, not 500.
	 */
	@Test
	void anOutageWhenTheSyncStartsEndsItAsAnOutage() {
		this.clerk.setUnavailable(true);
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
			}))
			.withMessageContaining("Run it again");
		this.clerk.setUnavailable(false);
		TestDatabaseOutage.of(this.dataSource).begin();
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
			}))
			.withMessageContaining("Run it again");
	}

	/**
	 * A push that an outage stops as it starts (at the same two steps as a sync) is not
	 * called a sync.
	 */
	@Test
	void anOutageWhenAPushStartsIsNotCalledASync() {
		this.clerk.setUnavailable(true);
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.push.push(PushOptions.all(), (line) -> {
			}))
			.withMessageStartingWith("Stopped before changing anything, while checking which Clerk instance")
			.withMessageNotContaining("sync");
		this.clerk.setUnavailable(false);
		TestDatabaseOutage.of(this.dataSource).begin();
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.push.push(PushOptions.all(), (line) -> {
			}))
			.withMessageStartingWith("Stopped before changing anything, while ")
			.withMessageNotContaining("The sync");
	}

	/**
	 * Reconcile asks Clerk again for what the listing missed before it deactivates it. An
	 * outage of Clerk during that confirmation (of a user, an organization or a
	 * membership) ends the sync as the outage it is, and nothing is deactivated.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/v1/users", "/v1/organizations", "/v1/organization_memberships" })
	void anOutageOfClerkWhileReconcileConfirmsWhatTheListingMissedEndsTheSyncAsAnOutage(String listing) {
		addUsers(3);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		this.clerk.addOrganization(ClerkData.organization("org_beta").name("Beta", "beta"));
		this.clerk.addMembership(ClerkData.membership("orgmem_1", acme, "user_outage_0"));
		this.clerk.addMembership(ClerkData.membership("orgmem_2", acme, "user_outage_1"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		switch (listing) {
			case "/v1/users" -> this.clerk.removeUser("user_outage_2");
			case "/v1/organizations" -> this.clerk.removeOrganization("org_beta");
			default -> this.clerk.removeMembership("orgmem_2");
		}
		AtomicBoolean listed = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			boolean lastListing = request.path().equals("/v1/organization_memberships")
					|| request.path().equals("/v1/users") && listing.equals("/v1/users");
			if (lastListing && request.queryParam("user_id") == null && listed.compareAndSet(false, true)) {
				this.clerk.setUnavailable(true);
			}
		});
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
			}))
			.withMessageContaining("run it again");
		assertThat(listed).as("the outage began after the last listing").isTrue();
		this.clerk.setUnavailable(false);
		assertThat(this.users.findByClerkId("user_outage_2").orElseThrow().isActive()).isTrue();
		assertThat(this.organizations.findByClerkId("org_beta").orElseThrow().isActive()).isTrue();
		assertThat(this.memberships.findByClerkId("orgmem_2").orElseThrow().isActive()).isTrue();
	}

	/**
	 * Reconcile deletes an organization that Clerk says does not exist. A 404 that is not
	 * Clerk's (a proxy's page, without Clerk's errors) says nothing of it: the sync ends
	 * as an outage, and the organization stays.
	 */
	@Test
	void aNotFoundThatIsNotClerksWhileReconcileConfirmsAnOrganizationEndsTheSync() {
		this.clerk.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		this.clerk.addOrganization(ClerkData.organization("org_beta").name("Beta", "beta"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeOrganization("org_beta");
		this.clerk.route("GET", "/v1/organizations/org_beta", (request, groups) -> new FakeClerkBackend.Response(404,
				"<html><h1>404 Not Found</h1></html>", Map.of()));
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
			}));
		assertThat(this.organizations.findByClerkId("org_beta").orElseThrow().isActive()).isTrue();
	}

	/**
	 * An outage of the database when reconcile reads what is stored, right after the last
	 * page, ends the sync as an outage too.
	 */
	@Test
	void anOutageOfTheDatabaseWhenReconcileReadsWhatIsStoredEndsTheSyncAsAnOutage() {
		addUsers(20);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && "20".equals(request.queryParam("offset"))) {
				TestDatabaseOutage.of(this.dataSource).begin();
			}
		});
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all().withPageSize(10).withReconcile(true), (soFar) -> {
			}))
			.withMessageContaining("run it again");
		assertThat(this.clerk.requests("GET", "/v1/users"))
			.filteredOn((request) -> "20".equals(request.queryParam("offset")))
			.as("the empty page after the last one, with nothing to store")
			.hasSize(1);
	}

	/**
	 * An outage of Clerk ends a push at once, instead of waiting out each user's call.
	 */
	@Test
	void anOutageOfClerkEndsThePushAtOnce(@Autowired ClerkUserPush push, @Autowired ClerkUserAccounts accounts) {
		for (int i = 0; i < 3; i++) {
			accounts.createUser("local" + i + "@outage.example", null, null);
		}
		AtomicBoolean down = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && down.compareAndSet(false, true)) {
				this.clerk.setUnavailable(true);
			}
		});
		assertThatExceptionOfType(SyncAbortedException.class).isThrownBy(() -> push.push(PushOptions.all(), (soFar) -> {
		})).withMessageContaining("run it again");
		assertThat(this.clerk.requests("GET", "/v1/users")).as("no user tried after the outage").hasSize(1);
	}

	/**
	 * A user another writer holds past the lock timeout (a webhook handler that hangs) is
	 * no outage: the sync stores the others and lists that user as failed, for the next
	 * sync to pick up.
	 */
	@Test
	void aUserHeldElsewhereFailsAloneAndTheSyncGoesOn() throws Exception {
		addUsers(5);
		SyncReport report;
		try (Connection writer = this.dataSource.getConnection()) {
			writer.setAutoCommit(false);
			try (Statement statement = writer.createStatement()) {
				// The users' lock namespace (UserWrites.LOCK_NAMESPACE) and key.
				statement.execute("select pg_advisory_xact_lock(" + 0x436C726B + ", hashtext('user_outage_2'))");
			}
			report = this.sync.sync(SyncOptions.all(), (soFar) -> {
			});
			writer.rollback();
		}
		SyncSummary users = report.summary("users");
		assertThat(users.failed()).isOne();
		assertThat(users.failures()).singleElement().asString().contains("user_outage_2", HELD);
		assertThat(this.users.findByClerkId("user_outage_1")).isPresent();
		assertThat(this.users.findByClerkId("user_outage_2")).isEmpty();
	}

	/**
	 * The same during reconciliation: a user Clerk no longer has, which another writer
	 * holds, is listed as failed, and the other deactivations are made.
	 */
	@Test
	void aUserHeldElsewhereWhenReconcileDeactivatesItFailsAloneAndTheSyncGoesOn() throws Exception {
		addUsers(5);
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeUser("user_outage_2");
		this.clerk.removeUser("user_outage_3");
		SyncReport report;
		try (Connection writer = this.dataSource.getConnection()) {
			writer.setAutoCommit(false);
			try (Statement statement = writer.createStatement()) {
				statement.execute("select pg_advisory_xact_lock(" + 0x436C726B + ", hashtext('user_outage_2'))");
			}
			report = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
			});
			writer.rollback();
		}
		SyncSummary users = report.summary("users");
		assertThat(users.deactivated()).isOne();
		assertThat(users.failures()).singleElement().asString().contains("user_outage_2", HELD);
		assertThat(this.users.findByClerkId("user_outage_2").orElseThrow().isActive()).isTrue();
		assertThat(this.users.findByClerkId("user_outage_3").orElseThrow().isActive()).isFalse();
	}

	/**
	 * The same for organizations: an organization Clerk no longer has, and an
	 * organization whose memberships reconcile removes, each held by another writer, are
	 * listed as failed (the held one also when the listing stores it and its
	 * memberships), and the other deletions and removals are made.
	 */
	@Test
	void anOrganizationOrItsMembershipsHeldElsewhereWhenReconcileRemovesThemFailAloneAndTheSyncGoesOn()
			throws Exception {
		addUsers(4);
		ClerkOrganizationBuilder acme = this.clerk
			.addOrganization(ClerkData.organization("org_acme").name("Acme", "acme"));
		ClerkOrganizationBuilder delta = this.clerk
			.addOrganization(ClerkData.organization("org_delta").name("Delta", "delta"));
		this.clerk.addOrganization(ClerkData.organization("org_beta").name("Beta", "beta"));
		this.clerk.addOrganization(ClerkData.organization("org_gamma").name("Gamma", "gamma"));
		this.clerk.addMembership(ClerkData.membership("orgmem_1", acme, "user_outage_0"));
		this.clerk.addMembership(ClerkData.membership("orgmem_2", acme, "user_outage_1"));
		this.clerk.addMembership(ClerkData.membership("orgmem_3", delta, "user_outage_2"));
		this.clerk.addMembership(ClerkData.membership("orgmem_4", delta, "user_outage_3"));
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		this.clerk.removeOrganization("org_beta");
		this.clerk.removeOrganization("org_gamma");
		this.clerk.removeMembership("orgmem_2");
		this.clerk.removeMembership("orgmem_4");
		SyncReport report;
		try (Connection writer = this.dataSource.getConnection()) {
			writer.setAutoCommit(false);
			try (Statement statement = writer.createStatement()) {
				statement.execute("select pg_advisory_xact_lock(" + 0x436F7267 + ", hashtext('org_beta'))");
				statement.execute("select pg_advisory_xact_lock(" + 0x436F7267 + ", hashtext('org_acme'))");
			}
			report = this.sync.sync(SyncOptions.all().withReconcile(true).withForce(true), (soFar) -> {
			});
			writer.rollback();
		}
		SyncSummary organizations = report.summary("organizations");
		assertThat(organizations.deactivated()).isOne();
		assertThat(organizations.failures()).satisfiesExactlyInAnyOrder(
				(failure) -> assertThat(failure).contains("org_acme", HELD),
				(failure) -> assertThat(failure).contains("org_beta", HELD));
		SyncSummary memberships = report.summary("memberships");
		assertThat(memberships.deactivated()).isOne();
		assertThat(memberships.failures()).satisfiesExactlyInAnyOrder(
				(failure) -> assertThat(failure).contains("orgmem_1", HELD),
				(failure) -> assertThat(failure).contains("memberships of org_acme", HELD));
		assertThat(this.organizations.findByClerkId("org_beta").orElseThrow().isActive()).isTrue();
		assertThat(this.organizations.findByClerkId("org_gamma").orElseThrow().isActive()).isFalse();
		assertThat(this.memberships.findByClerkId("orgmem_2").orElseThrow().isActive()).isTrue();
		assertThat(this.memberships.findByClerkId("orgmem_4").orElseThrow().isActive()).isFalse();
		assertThat(this.memberships.findByClerkId("orgmem_1").orElseThrow().isActive()).isTrue();
	}

	private void addUsers(int count) {
		for (int i = 0; i < count; i++) {
			this.clerk.addUser(ClerkData.user("user_outage_" + i)
				.email(i + "@outage.example")
				.createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
		}
	}

}
