package dev.clerkusers.it.cluster;

import java.time.Clock;

import javax.sql.DataSource;

import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.sync.SyncInProgressException;
import dev.clerkusers.sync.SyncRunLock;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The locks that let one instance at a time run a sync, a push or the webhook retention
 * keep out other runs while held and end with the run, also when the application reaches
 * PostgreSQL through a pooler in transaction pooling mode (PgBouncer's common setting),
 * where the statements of one client connection may run in different server sessions.
 */
@PostgresIntegrationTest
class TransactionPoolingTests {

	@Autowired
	DataSource dataSource;

	@Test
	void aSyncRunsLockKeepsOutAnotherRunWhileItRuns() throws Exception {
		try (TransactionPooler pooler = TransactionPooler.of(this.dataSource, 2)) {
			assertThat(new SyncRunLock(pooler).run("sync", () -> {
				assertThatExceptionOfType(SyncInProgressException.class).as("through the pooler")
					.isThrownBy(() -> new SyncRunLock(pooler).run("push", () -> "pushed"));
				assertThatExceptionOfType(SyncInProgressException.class).as("on another instance")
					.isThrownBy(() -> new SyncRunLock(this.dataSource).run("sync", () -> "synced"));
				return "done";
			})).isEqualTo("done");
		}
	}

	@Test
	void aSyncRunsLockEndsWithTheRun() throws Exception {
		try (TransactionPooler pooler = TransactionPooler.of(this.dataSource, 2)) {
			assertThat(new SyncRunLock(pooler).run("sync", () -> "done")).isEqualTo("done");

			assertThat(new SyncRunLock(this.dataSource).run("sync", () -> "done on another instance"))
				.isEqualTo("done on another instance");
		}
	}

	@Test
	void theWebhookRetentionsTurnEndsWithTheWork() throws Exception {
		try (TransactionPooler pooler = TransactionPooler.of(this.dataSource, 2)) {
			assertThat(new ClerkWebhookInbox(new JdbcTemplate(pooler), TransactionOperations.withoutTransaction(),
					Clock.systemUTC())
				.inRetentionTurn(() -> "done")).contains("done");

			assertThat(
					new ClerkWebhookInbox(new JdbcTemplate(this.dataSource), TransactionOperations.withoutTransaction(),
							Clock.systemUTC())
						.inRetentionTurn(() -> "done on another instance"))
				.contains("done on another instance");
		}
	}

}
