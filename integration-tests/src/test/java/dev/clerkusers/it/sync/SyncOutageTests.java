package dev.clerkusers.it.sync;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.it.DatabaseSwitch;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.PushOptions;
import dev.clerkusers.sync.SyncAbortedException;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
@SpringBootTest(classes = TestApplication.class, properties = "spring.datasource.hikari.connection-timeout=1000")
@ClerkTestDatabase
@AutoConfigureFakeClerk
class SyncOutageTests {

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkSync sync;

	@Autowired
	HikariDataSource dataSource;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.clerk.reset();
	}

	@AfterEach
	void databaseIsBack() {
		new DatabaseSwitch(this.dataSource).start();
	}

	@Test
	void anOutageOfTheDatabaseEndsTheSyncAtOnce() {
		addUsers(30);
		AtomicBoolean down = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && down.compareAndSet(false, true)) {
				new DatabaseSwitch(this.dataSource).stop();
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
			.withMessageContaining("run it again");
		this.clerk.setUnavailable(false);
		new DatabaseSwitch(this.dataSource).stop();
		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> this.sync.sync(SyncOptions.all(), (soFar) -> {
			}))
			.withMessageContaining("run it again");
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

	private void addUsers(int count) {
		for (int i = 0; i < count; i++) {
			this.clerk.addUser(ClerkData.user("user_outage_" + i)
				.email(i + "@outage.example")
				.createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
		}
	}

}
