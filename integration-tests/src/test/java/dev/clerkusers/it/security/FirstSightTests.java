package dev.clerkusers.it.security;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.LockWaits;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend.Response;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserLoader;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first request of a user the application has not stored fetches the user from Clerk
 * on the request thread: it must never hang on Clerk's rate limit, and parallel first
 * requests of one user (a single-page app firing ten calls) make one call to Clerk.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.lock-timeout=1s")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, FirstSightTests.Arrivals.class })
@ExtendWith(OutputCaptureExtension.class)
class FirstSightTests {

	static volatile CountDownLatch arrived = new CountDownLatch(0);

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserService users;

	@Autowired
	DataSource dataSource;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserLoader loader;

	@BeforeEach
	void keysAreLoaded() {
		this.clerk.reset();
		this.clerk.addUser(ClerkData.user("user_warm").email("warm@example.com"));
		assertThat(HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_warm"))
			.status()).isEqualTo(200);
		this.clerk.clearRequests();
	}

	@Test
	void aLongRateLimitCreatesTheUserFromItsTokenInsteadOfWaiting() {
		this.clerk.addUser(ClerkData.user("user_limited").email("limited@example.com"));
		this.clerk.rateLimitNext(3, 30);
		HttpTestClient.Response response = HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_limited"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(this.clerk.requests("GET", "/v1/users/user_limited"))
			.as("one call, no retry: its Retry-After of 30 s is past clerk.api.request-retry-budget")
			.hasSize(1);
		assertThat(this.users.findByClerkId("user_limited").orElseThrow().isSyncPending()).isTrue();
	}

	/**
	 * Black-box run 279, F1: a row stored before Clerk's data (from a token while Clerk
	 * was down, or a placeholder a webhook stored) whose completion Clerk answered 404
	 * was served all the same, so a user Clerk had deleted was let in until a
	 * {@code user.deleted} webhook came, where a first sign-in is refused. It is refused
	 * {@code user-unknown} too, within the minute as well, and its row is left as it is.
	 */
	@Test
	void aPendingUserThatClerkSaysDoesNotExistIsRefusedAsAtItsFirstSignIn() {
		this.synchronizer.createPending("user_gone_pending");
		String token = this.clerk.tokens().token("user_gone_pending");
		for (int i = 0; i < 2; i++) {
			HttpTestClient.Response response = HttpTestClient.api(this.port)
				.get("/api/me", "Authorization", "Bearer " + token);
			assertThat(response.status()).as(response.body()).isEqualTo(401);
			assertThat(response.json().path("reason").asString()).isEqualTo("user-unknown");
		}
		assertThat(this.clerk.requests("GET", "/v1/users/user_gone_pending")).as("asked once within the minute")
			.hasSize(1);
		assertThat(this.users.findByClerkId("user_gone_pending").orElseThrow().isSyncPending()).isTrue();
	}

	/**
	 * The first sign-in's call to Clerk is the minute's attempt to complete the user: the
	 * next request, right after, served the pending user after asking Clerk again
	 * (black-box run 143, F1: two calls within a second, against "asked at most once a
	 * minute per user").
	 */
	@Test
	void aUserCreatedFromItsTokenIsNotAskedForAgainWithinTheMinute() {
		this.clerk.route("GET", "/v1/users/user_outage",
				(request, groups) -> Response.json(503, Map.of("errors", List.of())));
		String token = this.clerk.tokens().token("user_outage");
		for (int i = 0; i < 3; i++) {
			HttpTestClient.Response response = HttpTestClient.api(this.port)
				.get("/api/me", "Authorization", "Bearer " + token);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("syncPending").asBoolean()).isTrue();
		}
		assertThat(this.clerk.requests("GET", "/v1/users/user_outage")).hasSize(1);
	}

	/**
	 * Clerk's data that cannot be stored is the data's fault, not an outage: the user is
	 * stored from its token, pending, and signs in.
	 */
	@Test
	void aFirstSignInWhoseDataCannotBeStoredIsNoOutage() {
		this.clerk.addUser(ClerkData.user("user_far")
			.email("far@example.com")
			.updatedAt(Instant.parse("+300000-01-01T00:00:00Z")));
		HttpTestClient.Response response = HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_far"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(this.users.findByClerkId("user_far").orElseThrow().isSyncPending()).isTrue();
		HttpTestClient.Response next = HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_far"));
		assertThat(next.status()).as("its completion, which meets the same data: %s", next.body()).isEqualTo(200);
	}

	/**
	 * Clerk's answer is read by the rules of a delivery's data: a value of another JSON
	 * type is not converted, left out in a field that decides nothing (a first name of
	 * {@code 12}), and where it decides access ({@code "banned": "false"}) the data
	 * cannot be stored, so the user is created from its token, pending.
	 */
	@Test
	void clerksAnswerIsReadAsADeliverysDataIsRead() {
		Map<String, @Nullable Object> numbered = ClerkData.user("user_numbered").email("numbered@example.com").toMap();
		numbered.put("first_name", 12);
		numbered.put("last_name", "Smith");
		this.clerk.putUser(numbered);
		Map<String, @Nullable Object> quoted = ClerkData.user("user_quoted").email("quoted@example.com").toMap();
		quoted.put("banned", "false");
		this.clerk.putUser(quoted);
		HttpTestClient api = HttpTestClient.api(this.port);
		HttpTestClient.Response first = api.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().token("user_numbered"));
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(first.json().path("syncPending").asBoolean()).isFalse();
		assertThat(first.json().path("name").asString()).as("the number left out, not read as its digits")
			.isEqualTo("Smith");
		HttpTestClient.Response second = api.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().token("user_quoted"));
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().path("syncPending").asBoolean()).as("a ban of another type is not read as false")
			.isTrue();
	}

	/**
	 * A user first seen while Clerk could not answer is stored from its token, pending,
	 * and cached; when its data then arrives with the verified email of a local account,
	 * it is merged into that account, and its next request is that account's, not the
	 * cached placeholder's.
	 */
	@Test
	void aPendingUserMergedIntoTheLocalAccountOfItsEmailIsThatAccountOnItsNextRequest() {
		this.accounts.createSuperuser("merged@example.com", "staff-password-1");
		this.clerk.addUser(ClerkData.user("user_merged").email("merged@example.com"));
		this.clerk.rateLimitNext(3, 30);
		String token = "Bearer " + this.clerk.tokens().token("user_merged");
		HttpTestClient api = HttpTestClient.api(this.port);
		HttpTestClient.Response first = api.get("/api/me", "Authorization", token);
		assertThat(first.json().path("syncPending").asBoolean()).as(first.body()).isTrue();
		assertThat(first.json().path("staff").asBoolean()).as(first.body()).isFalse();
		this.synchronizer
			.upsertFromClerk(Resources.user(ClerkData.user("user_merged").email("merged@example.com").toJsonNode()));
		HttpTestClient.Response next = api.get("/api/me", "Authorization", token);
		assertThat(next.json().path("syncPending").asBoolean()).as(next.body()).isFalse();
		assertThat(next.json().path("email").asString()).isEqualTo("merged@example.com");
		assertThat(next.json().path("staff").asBoolean()).as(next.body()).isTrue();
	}

	/**
	 * An answer of Clerk that is not the user asked for (no id at all, or another user's
	 * data) is as good as no answer: the user is created from its token, to be completed
	 * later, and a token never becomes another user.
	 */
	@Test
	void anAnswerThatIsNotTheUserAskedForCreatesTheUserFromItsToken() {
		this.clerk.route("GET", "/v1/users/user_blank", (request, groups) -> Response.json(200, Map.of()));
		this.clerk.addUser(ClerkData.user("user_other").email("other@example.com"));
		Map<String, Object> other = this.clerk.user("user_other").orElseThrow();
		this.clerk.route("GET", "/v1/users/user_mistaken", (request, groups) -> Response.json(200, other));
		for (String clerkId : List.of("user_blank", "user_mistaken")) {
			HttpTestClient.Response response = HttpTestClient.api(this.port)
				.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token(clerkId));
			assertThat(response.status()).as(clerkId).isEqualTo(200);
			assertThat(response.json().path("clerkId").asString()).isEqualTo(clerkId);
			assertThat(response.json().path("syncPending").asBoolean()).isTrue();
		}
		assertThat(this.users.findByClerkId("user_other")).as("the other user's data is not stored").isEmpty();
	}

	/**
	 * A 404 that is not Clerk's (a proxy's page) does not say the user does not exist:
	 * the user is created from its token, as when Clerk does not answer, and is not
	 * signed out.
	 */
	@Test
	void aNotFoundThatIsNotClerksCreatesTheUserFromItsToken() {
		this.clerk.route("GET", "/v1/users/user_proxied",
				(request, groups) -> new Response(404, "<html><h1>404 Not Found</h1></html>", Map.of()));
		HttpTestClient.Response response = HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_proxied"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().path("syncPending").asBoolean()).isTrue();
	}

	/**
	 * Clerk refusing the secret key (revoked, rotated) is no reason to refuse a user
	 * whose token Clerk signed: the user is created from its token, and the refusal is
	 * logged as an error naming the key, at each first sign-in while it lasts (black-box
	 * run 157 asked for the documentation to say so).
	 */
	@Test
	void aSecretKeyClerkRefusesCreatesTheUserFromItsTokenAndIsLoggedAsAnError(CapturedOutput output) {
		this.clerk.route("GET", "/v1/users/user_keyless",
				(request, groups) -> new Response(401,
						"{\"errors\":[{\"code\":\"authentication_invalid\",\"message\":\"Invalid secret key\"}]}",
						Map.of("Content-Type", "application/json")));
		HttpTestClient.Response response = HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_keyless"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().path("syncPending").asBoolean()).isTrue();
		assertThat(output).contains("ERROR").contains("Clerk refused clerk.secret-key (401)");
	}

	/**
	 * The secret key goes to Clerk's Backend API only: a redirect of a call to another
	 * origin is not followed (an answer of Clerk's that is not the user, as above), so
	 * neither the key nor the other origin's data travels.
	 */
	@Test
	void aRedirectOfTheUsersFetchIsNotFollowed() throws Exception {
		try (Elsewhere elsewhere = Elsewhere
			.start(ClerkData.user("user_redirected").email("elsewhere@example.com").toJsonNode().toString())) {
			this.clerk.route("GET", "/v1/users/user_redirected", (request, groups) -> new Response(302, null,
					Map.of("Location", elsewhere.url("/v1/users/user_redirected"))));
			HttpTestClient.Response response = HttpTestClient.api(this.port)
				.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_redirected"));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("syncPending").asBoolean()).as(response.body()).isTrue();
			assertThat(elsewhere.authorizations()).as("requests that reached the other origin").isEmpty();
			assertThat(this.users.findByClerkId("user_redirected").orElseThrow().getEmail()).isNull();
		}
	}

	/**
	 * A first request whose user another writer holds locked (a webhook handler of the
	 * application that hangs, say) waits a bounded time, then answers 503 for the client
	 * to retry, and succeeds once the lock is released.
	 */
	@Test
	void aFirstRequestForAUserLockedElsewhereIs503AfterABoundedWait() throws Exception {
		this.clerk.addUser(ClerkData.user("user_held").email("held@example.com"));
		String token = "Bearer " + this.clerk.tokens().token("user_held");
		ExecutorService browser = Executors.newSingleThreadExecutor();
		try (Connection writer = this.dataSource.getConnection()) {
			writer.setAutoCommit(false);
			try (Statement statement = writer.createStatement()) {
				// The users' lock namespace (UserWrites.LOCK_NAMESPACE) and key.
				statement.execute("select pg_advisory_xact_lock(" + 0x436C726B + ", hashtext('user_held'))");
			}
			Future<HttpTestClient.Response> first = browser
				.submit(() -> HttpTestClient.api(this.port).get("/api/me", "Authorization", token));
			// A guard against a hang, not a measure: the wait is bounded far below it.
			HttpTestClient.Response response = first.get(60, TimeUnit.SECONDS);
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.json().path("reason").asString()).isEqualTo("database-unavailable");
			writer.rollback();
		}
		finally {
			browser.shutdownNow();
		}
		assertThat(HttpTestClient.api(this.port).get("/api/me", "Authorization", token).status()).isEqualTo(200);
	}

	/**
	 * A first request whose user's verified address a local account being created holds
	 * (an operator's {@code createUser} of the same person, committed while the request's
	 * insert waits for it) links that account, as a request a moment later would: the
	 * unique violation is a race lost, not an unavailable database.
	 */
	@Test
	void aFirstRequestWaitingForALocalAccountOfItsAddressLinksIt() throws Exception {
		this.clerk.addUser(ClerkData.user("user_raced").email("raced@example.com"));
		String token = "Bearer " + this.clerk.tokens().token("user_raced");
		HttpTestClient.Response response = LockWaits.whileCommitting(this.transactionManager,
				new JdbcTemplate(this.dataSource), () -> this.accounts.createUser("raced@example.com", null, null),
				() -> HttpTestClient.api(this.port).get("/api/me", "Authorization", token));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("clerkId").asString()).isEqualTo("user_raced");
		assertThat(this.users.findByEmail("raced@example.com")).hasValueSatisfying(
				(user) -> assertThat(user.getClerkId()).as("the local account, linked").isEqualTo("user_raced"));
	}

	@Test
	void parallelFirstRequestsOfOneUserMakeOneCallToClerk() throws Exception {
		this.clerk.addUser(ClerkData.user("user_spa").email("spa@example.com"));
		arrived = new CountDownLatch(10);
		AtomicBoolean first = new AtomicBoolean(true);
		this.clerk.afterEachRequest((request) -> {
			// Hold the first call to Clerk until all ten requests reached the
			// application.
			if (request.path().equals("/v1/users/user_spa") && first.getAndSet(false)) {
				await(arrived);
			}
		});
		String token = "Bearer " + this.clerk.tokens().token("user_spa");
		ExecutorService browser = Executors.newFixedThreadPool(10);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				statuses.add(browser
					.submit(() -> HttpTestClient.api(this.port).get("/api/me", "Authorization", token).status()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			browser.shutdownNow();
		}
		assertThat(this.clerk.requests("GET", "/v1/users/user_spa")).hasSize(1);
	}

	/**
	 * A request thread interrupted while it fetches a new user from Clerk, as an
	 * application that stops interrupts its requests, still stores the user from its
	 * token, and the log does not blame Clerk for it.
	 */
	@Test
	void aFirstSignInInterruptedWhileFetchingTheUserIsNotBlamedOnClerk(CapturedOutput output) {
		this.clerk.addUser(ClerkData.user("user_interrupted").email("interrupted@example.com"));
		Optional<ClerkUser> user;
		Thread.currentThread().interrupt();
		try {
			user = this.loader.load("user_interrupted");
		}
		finally {
			assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
		}
		assertThat(user).hasValueSatisfying((stored) -> assertThat(stored.isSyncPending()).isTrue());
		assertThat(output).doesNotContain("Could not fetch Clerk user user_interrupted")
			.contains("Fetching Clerk user user_interrupted on first sign-in was interrupted");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Counts the requests of the parallel test as they reach the application.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Arrivals {

		@Bean
		FilterRegistrationBean<Filter> arrivals() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				arrived.countDown();
				chain.doFilter(request, response);
			});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}
