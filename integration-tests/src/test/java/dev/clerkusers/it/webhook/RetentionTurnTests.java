package dev.clerkusers.it.webhook;

import javax.sql.DataSource;

import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.webhook.ClerkWebhookRetention;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook retention's turn (one instance at a time) is held on a connection of its
 * own: called from an application's transaction, it leaves that transaction's work alone.
 */
@PostgresIntegrationTest
class RetentionTurnTests {

	@Autowired
	ClerkWebhookRetention retention;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void aCleanUpInsideAnApplicationsTransactionLeavesItsWorkAlone() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String sessionId = ClerkData.newId("sess_");
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			jdbc.update("insert into clerk_ended_sessions (session_id, ended_at, recorded_at) values (?, now(), now())",
					sessionId);
			this.retention.cleanUp();
		});
		assertThat(jdbc.queryForObject("select count(*) from clerk_ended_sessions where session_id = ?", Long.class,
				sessionId))
			.as("the application's insert, committed with its transaction")
			.isOne();
	}

}
