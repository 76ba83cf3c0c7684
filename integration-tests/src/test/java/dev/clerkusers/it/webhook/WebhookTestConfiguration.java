package dev.clerkusers.it.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.user.DuplicateUserException;
import dev.clerkusers.webhook.ClerkSessionCreatedEvent;
import dev.clerkusers.webhook.ClerkSessionEndedEvent;
import dev.clerkusers.webhook.ClerkUserCreatedEvent;
import dev.clerkusers.webhook.ClerkUserDeletedEvent;
import dev.clerkusers.webhook.ClerkUserUpdatedEvent;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import dev.clerkusers.webhook.WebhookRetryException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

/**
 * What an application adds: a listener of the library's events (after commit), and a
 * handler of its own, which fails on demand to play a bug or an outage.
 */
@TestConfiguration(proxyBeanMethods = false)
class WebhookTestConfiguration {

	@Bean
	RecordingListener recordingListener() {
		return new RecordingListener();
	}

	@Bean
	FlakyHandler flakyHandler(DataSource dataSource) {
		return new FlakyHandler(new JdbcTemplate(dataSource));
	}

	/**
	 * Records the library's events once their transaction committed.
	 */
	static class RecordingListener {

		final List<Object> events = new CopyOnWriteArrayList<>();

		@TransactionalEventListener
		void created(ClerkUserCreatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void updated(ClerkUserUpdatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void deleted(ClerkUserDeletedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void sessionCreated(ClerkSessionCreatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void sessionEnded(ClerkSessionEndedEvent event) {
			this.events.add(event);
		}

	}

	/**
	 * Handles {@code user.created} beside the library, and fails while {@link #failures}
	 * is positive.
	 */
	static class FlakyHandler implements ClerkWebhookHandler {

		/** How many next events fail for an outage of the database. */
		final AtomicInteger failures = new AtomicInteger();

		/**
		 * How many next calls of {@link #supports} throw, as a bug of a handler there
		 * does.
		 */
		final AtomicInteger supportsFailures = new AtomicInteger();

		/**
		 * How many next calls of {@link #supports} throw an {@code Error}, as a missing
		 * class does.
		 */
		final AtomicInteger supportsErrors = new AtomicInteger();

		/**
		 * How many next events fail for an outage of Clerk, as a call of the Backend API
		 * through the library's client fails once its retries are spent.
		 */
		final AtomicInteger clerkFailures = new AtomicInteger();

		/**
		 * How many next events fail for the network, as a call of another service through
		 * Spring's {@code RestClient} does when it cannot connect.
		 */
		final AtomicInteger networkFailures = new AtomicInteger();

		/**
		 * How many next events find another service unavailable (it answers 503), which
		 * the handler tells with {@link WebhookRetryException}.
		 */
		final AtomicInteger serviceUnavailable = new AtomicInteger();

		/**
		 * How many next events are interrupted in a call of another service, as the
		 * application's stop interrupts a request thread in Spring's JDK HTTP client.
		 */
		final AtomicInteger interruptions = new AtomicInteger();

		/**
		 * How many next events lose the transaction's connection, as a restart of the
		 * database does to the deliveries in flight: the rollback fails too.
		 */
		final AtomicInteger connectionLosses = new AtomicInteger();

		/**
		 * How many next events fail on a unique key of the application's own, as a race
		 * lost to another writer of the same row fails.
		 */
		final AtomicInteger uniqueViolations = new AtomicInteger();

		/**
		 * How many next events are rolled back by PostgreSQL for a deadlock (SQL state
		 * 40P01, raised by the database in the delivery's transaction), as one of two
		 * deliveries that lock the same users in opposite orders is.
		 */
		final AtomicInteger deadlocks = new AtomicInteger();

		/**
		 * How many next events find a user's row changed by another writer since they
		 * read it, as a user's write reports it: a {@code DuplicateUserException} with no
		 * database error beneath it.
		 */
		final AtomicInteger rowsChangedMeanwhile = new AtomicInteger();

		/**
		 * How many next events find a value of the user they store taken meanwhile by a
		 * concurrent writer of another user, as the users table's unique index reports
		 * it: a {@code DuplicateUserException} on {@code email} over the database's
		 * unique violation (black-box run 126: six Clerk users of one address delivered
		 * at once).
		 */
		final AtomicInteger valuesTakenMeanwhile = new AtomicInteger();

		/**
		 * Another event type the handler takes while set, as an application's handler of
		 * a type the library leaves alone, until the application removes it.
		 */
		final AtomicReference<@Nullable String> alsoHandles = new AtomicReference<>();

		/** What runs, once, when the next event is handled, in its transaction. */
		final AtomicReference<@Nullable Consumer<ClerkWebhookEvent>> meanwhile = new AtomicReference<>();

		/**
		 * Whether every event fails with bad data that a user's write reports as a
		 * {@code DuplicateUserException} over another integrity violation (a value too
		 * long), as the library's user writes report every integrity violation.
		 */
		final AtomicBoolean tooLong = new AtomicBoolean();

		/** How many events failed with {@link #tooLong}. */
		final AtomicInteger tooLongAttempts = new AtomicInteger();

		/** Whether every event fails the way a bug of the handler would. */
		final AtomicBoolean broken = new AtomicBoolean();

		/**
		 * The {@code Error} every event fails with while set, as a bug of the handler may
		 * throw one (an assertion, a class that cannot be loaded, a recursion too deep).
		 */
		final AtomicReference<@Nullable Error> error = new AtomicReference<>();

		final AtomicInteger handled = new AtomicInteger();

		/** PostgreSQL's {@code lock_timeout} while the last event was handled. */
		final AtomicReference<@Nullable String> lockTimeout = new AtomicReference<>();

		private final JdbcTemplate jdbc;

		FlakyHandler(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		/**
		 * Makes the handler succeed again and forgets what it handled.
		 */
		void reset() {
			this.supportsFailures.set(0);
			this.supportsErrors.set(0);
			this.failures.set(0);
			this.clerkFailures.set(0);
			this.networkFailures.set(0);
			this.serviceUnavailable.set(0);
			this.connectionLosses.set(0);
			this.interruptions.set(0);
			this.uniqueViolations.set(0);
			this.deadlocks.set(0);
			this.rowsChangedMeanwhile.set(0);
			this.valuesTakenMeanwhile.set(0);
			this.broken.set(false);
			this.error.set(null);
			this.tooLong.set(false);
			this.tooLongAttempts.set(0);
			this.handled.set(0);
			this.lockTimeout.set(null);
			this.alsoHandles.set(null);
			this.meanwhile.set(null);
		}

		@Override
		public boolean supports(String eventType) {
			if (this.supportsFailures.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new IllegalStateException("A bug of the application's handler in supports");
			}
			if (this.supportsErrors.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new NoClassDefFoundError("com/example/OptionalDependency");
			}
			return eventType.equals("user.created") || eventType.equals(this.alsoHandles.get());
		}

		@Override
		public void handle(ClerkWebhookEvent event) {
			this.lockTimeout.set(this.jdbc.queryForObject("show lock_timeout", String.class));
			Consumer<ClerkWebhookEvent> meanwhile = this.meanwhile.getAndSet(null);
			if (meanwhile != null) {
				meanwhile.accept(event);
			}
			if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new TransientDataAccessResourceException("the application's database is unavailable");
			}
			if (this.clerkFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new ClerkApiException(503, List.of(), null, null, "Clerk's Backend API answered 503");
			}
			if (this.serviceUnavailable.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new WebhookRetryException("The CRM cannot take the contact now", HttpServerErrorException.create(
						HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", HttpHeaders.EMPTY, new byte[0], null));
			}
			if (this.networkFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new ResourceAccessException("I/O error on POST request for \"http://crm.internal/contacts\"",
						new ConnectException("Connection refused"));
			}
			if (this.interruptions.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new ResourceAccessException("I/O error on GET request for \"http://crm.internal/contacts\"",
						new IOException("Request was interrupted: null", new InterruptedException()));
			}
			if (this.connectionLosses.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				this.jdbc.execute("select pg_terminate_backend(pg_backend_pid())");
			}
			if (this.deadlocks.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				this.jdbc.execute("do $$ begin raise exception using errcode = '40P01', message = 'deadlock detected';"
						+ " end $$");
			}
			if (this.rowsChangedMeanwhile.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new DuplicateUserException("email", "The verified email of Clerk user user_x was stored on Clerk"
						+ " user user_y, whose row another writer changed meanwhile; store it again");
			}
			if (this.valuesTakenMeanwhile.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new DuplicateUserException("email", "The user conflicts with a stored one on email",
						new DataIntegrityViolationException("could not execute statement", new SQLException(
								"duplicate key value violates unique constraint \"clerk_users_email_key\"", "23505")));
			}
			if (this.uniqueViolations.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new DuplicateKeyException("insert into app_contacts", new SQLException(
						"duplicate key value violates unique constraint \"app_contacts_email_key\"", "23505"));
			}
			if (this.tooLong.get()) {
				this.tooLongAttempts.incrementAndGet();
				throw new DuplicateUserException("unknown", "The user conflicts with a stored one on unknown",
						new DataIntegrityViolationException("value too long",
								new SQLException("value too long for type character varying(255)", "22001")));
			}
			if (this.broken.get()) {
				throw new IllegalStateException("the application's handler failed");
			}
			Error error = this.error.get();
			if (error != null) {
				throw error;
			}
			this.handled.incrementAndGet();
		}

	}

}
