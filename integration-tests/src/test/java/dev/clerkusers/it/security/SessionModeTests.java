package dev.clerkusers.it.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.it.TestClock;
import dev.clerkusers.it.machine.MachineSecurityConfiguration;
import dev.clerkusers.organizations.OrganizationCache;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkMembershipBuilder;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.database.TestDatabaseOutage;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.EndedSessions;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clerk.session.mode=session}, with real second requests that carry only the
 * session cookie. The revalidation interval is 5 minutes; the session repository reads a
 * {@link TestClock} that the tests move forward to let it pass.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "clerk.session.mode=session", "clerk.session.revalidation-interval=5m" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, MachineSecurityConfiguration.class, SessionModeTests.Clocked.class })
class SessionModeTests {

	static final TestClock clock = new TestClock();

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	EndedSessions endedSessions;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ApplicationContext context;

	@Autowired
	HikariDataSource dataSource;

	@BeforeEach
	void users() {
		Tables.empty(this.context);
		clock.reset();
		this.clerk.addUser(ClerkData.user("user_a").email("a@example.com"));
		this.clerk.addUser(ClerkData.user("user_b").email("b@example.com"));
	}

	@Test
	void aClerkSignInIsKeptInTheHttpSessionForRequestsWithoutToken() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response first = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Set-Cookie")).contains("JSESSIONID");
		Response second = browser.get("/api/me");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().path("clerkId").asString()).isEqualTo("user_a");
		assertThat(HttpTestClient.api(this.port).get("/api/me").status()).as("without the cookie").isEqualTo(401);
	}

	/**
	 * A Clerk sign-in kept in the HTTP session whose user is not cached and cannot be
	 * read: the request is answered 503 to retry, as a token's would be, and the sign-in
	 * holds once the database is back.
	 */
	@Test
	void aSignInWhoseUserCannotBeReadIsAnswered503AndHoldsAfterwards() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(browser.get("/api/me").status()).as("the ended-session check is cached").isEqualTo(200);
		this.context.getBean(ClerkUserCache.class).clear();
		TestDatabaseOutage.of(this.dataSource).begin();
		Response during;
		Response duringOnAChainWithoutClerk;
		try {
			during = browser.get("/api/me");
			duringOnAChainWithoutClerk = browser.get("/partner/whoami");
		}
		finally {
			TestDatabaseOutage.of(this.dataSource).end();
			Objects.requireNonNull(this.dataSource.getHikariPoolMXBean()).softEvictConnections();
		}
		assertThat(during.status()).isEqualTo(503);
		assertThat(during.header("Retry-After")).isNotBlank();
		assertThat(during.json().path("reason").asString()).isEqualTo("database-unavailable");
		assertThat(duringOnAChainWithoutClerk.status()).isEqualTo(503);
		assertThat(duringOnAChainWithoutClerk.json().path("reason").asString()).isEqualTo("database-unavailable");
		Response after = onceTheDatabaseIsBack(browser);
		assertThat(after.json().path("clerkId").asString()).isEqualTo("user_a");
	}

	/**
	 * Black-box run 134: a Clerk sign-in kept in the session is a sign-in as a form
	 * login's is, so it gets a new CSRF token: the one of the session before it (which
	 * whoever saw a page of it then knows) no longer works after it, nor does one user's
	 * after another user signed in on the same session.
	 */
	@Test
	void aSignInKeptInTheSessionGetsANewCsrfToken() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String beforeTheSignIn = browser.csrfToken();
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(postWithCsrfToken(browser, beforeTheSignIn).status()).as("the token of the session before")
			.isEqualTo(403);
		String userA = browser.csrfToken();
		assertThat(postWithCsrfToken(browser, userA).status()).as("the signed-in session's token").isEqualTo(200);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_b"));
		assertThat(postWithCsrfToken(browser, userA).status()).as("user A's token after user B signed in")
			.isEqualTo(403);
		Response asB = postWithCsrfToken(browser, browser.csrfToken());
		assertThat(asB.status()).isEqualTo(200);
		assertThat(asB.json().path("clerkId").asString()).isEqualTo("user_b");
	}

	/**
	 * Black-box run 132: a chain that accepts machine tokens only refuses a session
	 * token, so it does not take a Clerk sign-in kept in the session either; a chain that
	 * accepts session tokens does, and the sign-in stays for it.
	 */
	@Test
	void aSignInKeptInTheSessionDoesNotReachAChainOfMachineTokensOnly() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a")).status())
			.isEqualTo(200);
		assertThat(browser.get("/machine/reports").status()).as("a chain of API keys only").isEqualTo(401);
		assertThat(browser.get("/machine/internal/sync").status()).as("a chain of M2M tokens only").isEqualTo(401);
		Response mixed = browser.get("/machine/mixed/whoami");
		assertThat(mixed.status()).as("a chain that accepts session tokens too").isEqualTo(200);
		assertThat(mixed.json().path("user").asString()).isEqualTo("user_a");
		assertThat(browser.get("/api/me").status()).as("the sign-in stays in the session").isEqualTo(200);
	}

	/**
	 * A renewal by a token of the same user is no new sign-in: the session keeps its CSRF
	 * token, as it keeps its id.
	 */
	@Test
	void aRenewalKeepsTheCsrfToken() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		String signedIn = browser.csrfToken();
		clock.advance(Duration.ofMinutes(6));
		assertThat(browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a")).status())
			.isEqualTo(200);
		assertThat(postWithCsrfToken(browser, signedIn).status()).isEqualTo(200);
	}

	/**
	 * Black-box run 229 F3: past the interval, a page opened without a token (after
	 * idling) cleared the sign-in from the session, so the token that came next was a new
	 * sign-in: a new session id and CSRF token, and the page's forms were refused 403.
	 */
	@Test
	void aRenewalAfterARequestWithoutATokenKeepsTheSessionIdAndCsrfToken() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		String signedIn = browser.csrfToken();
		clock.advance(Duration.ofMinutes(6));
		assertThat(browser.get("/api/me").status()).as("past the interval, no token: anonymous").isEqualTo(401);
		Response renewed = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.header("Set-Cookie")).as("a renewal keeps the session id").isNull();
		assertThat(postWithCsrfToken(browser, signedIn).status()).isEqualTo(200);
	}

	private static Response postWithCsrfToken(HttpTestClient browser, String csrfToken) {
		return browser.post("/api/echo", "_csrf=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8),
				"Content-Type", "application/x-www-form-urlencoded");
	}

	@Test
	void aTokenForAnotherUserReplacesTheSignInAndTheSessionId() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String firstCookie = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"))
			.header("Set-Cookie");
		Response switched = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_b"));
		assertThat(switched.json().path("clerkId").asString()).isEqualTo("user_b");
		assertThat(switched.header("Set-Cookie")).as("a new session id for a new user")
			.isNotNull()
			.isNotEqualTo(firstCookie);
		assertThat(browser.get("/api/me").json().path("clerkId").asString()).isEqualTo("user_b");
	}

	@Test
	void aTokenForAnotherOrganizationReplacesTheStoredOne() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").organization("org_1", "one", "org:admin").sign());
		assertThat(browser.get("/api/me").json().path("organization").asString()).isEqualTo("org_1");
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").organization("org_2", "two", "org:member").sign());
		Response after = browser.get("/api/me");
		assertThat(after.json().path("organization").asString()).isEqualTo("org_2");
		assertThat(after.json().path("authorities").toString()).contains("org:member").doesNotContain("org:admin");
	}

	@Test
	void theSignInEndsWhenItsClerkSessionEnds() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String sessionId = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"))
			.json()
			.path("sessionId")
			.asString();
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		this.endedSessions.record(sessionId, "user_a", Instant.now());
		assertThat(browser.get("/api/me").status()).isEqualTo(401);
	}

	/**
	 * A chain that turns Clerk off reads the sign-in kept in the HTTP session too, and
	 * the library checks it there: it ends with its Clerk session, or its user.
	 */
	@Test
	void theSignInEndsOnAChainThatTurnsClerkOffToo() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String sessionId = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"))
			.json()
			.path("sessionId")
			.asString();
		assertThat(browser.get("/partner/whoami").status()).isEqualTo(200);
		this.endedSessions.record(sessionId, "user_a", Instant.now());
		assertThat(browser.get("/partner/whoami").status()).as("Clerk session ended").isEqualTo(401);

		HttpTestClient other = HttpTestClient.browser(this.port);
		other.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_b"));
		assertThat(other.get("/partner/whoami").status()).isEqualTo(200);
		this.synchronizer.deactivate("user_b");
		assertThat(other.get("/partner/whoami").status()).as("user deactivated").isEqualTo(401);
	}

	/**
	 * A session id with a NUL character, which no row can hold, is of no ended session:
	 * the sign-in holds, where the check that asked the database for it answered every
	 * request 503.
	 */
	@Test
	void aSessionIdWithANulCharacterIsOfNoEndedSession() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response first = browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").sessionId("sess_\u0000a").sign());
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		Response second = browser.get("/api/me");
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().path("clerkId").asString()).isEqualTo("user_a");
	}

	@Test
	void theSignInEndsWhenTheUserIsDeactivated() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		this.synchronizer.deactivate("user_a");
		assertThat(browser.get("/api/me").status()).isEqualTo(401);
	}

	/**
	 * As a form login does: the rights a sign-in was given (ROLE_STAFF, ROLE_SUPERUSER)
	 * are the user's own at every request, so a change of them ends the sign-in kept in
	 * the session; the next token signs in with the rights the user has now.
	 */
	@Test
	void theSignInEndsWhenTheUsersRightsChange() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		ClerkUser user = this.users.findByClerkId("user_a").orElseThrow();
		this.accounts.setRoles(user.getUid(), true, false);
		assertThat(browser.get("/api/me").status()).as("granted").isEqualTo(401);
		Response staff = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(staff.json().path("authorities").toString()).contains("ROLE_STAFF");
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		this.accounts.setRoles(user.getUid(), false, false);
		assertThat(browser.get("/api/me").status()).as("revoked").isEqualTo(401);
		this.accounts.setRoles(user.getUid(), true, false);
		assertThat(browser.get("/api/me").status()).as("an ended sign-in does not come back with the rights")
			.isEqualTo(401);
	}

	/**
	 * The sign-in's user is read on every request: a request without a token gets the
	 * user as stored now, as a token's request does (a name changed in Clerk since).
	 */
	@Test
	void theCurrentUserOfTheSignInIsTheUserAsStoredNow() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		this.synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_a")
			.email("a@example.com")
			.name("Renamed", "Person")
			.updatedAt(Instant.now().plusSeconds(60))
			.toJsonNode()));
		Response later = browser.get("/api/me");
		assertThat(later.status()).isEqualTo(200);
		assertThat(later.json().path("name").asString()).isEqualTo("Renamed Person");
	}

	@Test
	void cookieSessionsAreProtectedAgainstCsrf() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(browser.post("/api/echo", "").status()).isEqualTo(403);
	}

	@Test
	void beforeTheIntervalTheSignInIsTrustedAndAfterItOnlyATokenKeepsIt() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String token = "Bearer " + this.clerk.tokens().token("user_a");
		String cookie = browser.get("/api/me", "Authorization", token).header("Set-Cookie");
		clock.advance(Duration.ofMinutes(4));
		assertThat(browser.get("/api/me").status()).as("within the interval, no token needed").isEqualTo(200);
		clock.advance(Duration.ofMinutes(2));
		assertThat(browser.get("/api/me").status()).as("after it, a request without a token is anonymous")
			.isEqualTo(401);
		browser.get("/api/me", "Authorization", token);
		clock.advance(Duration.ofMinutes(6));
		Response renewed = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.header("Set-Cookie")).as("a renewal keeps the session id").isNull();
		assertThat(browser.get("/api/me").status()).as("renewed by the token").isEqualTo(200);
		assertThat(cookie).contains("JSESSIONID");
	}

	@Test
	void atRevalidationTheOrganizationAndRoleComeFromTheNewToken() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").organization("org_1", "one", "org:admin").sign());
		assertThat(browser.get("/api/me").json().path("authorities").toString()).contains("org:admin");
		clock.advance(Duration.ofMinutes(6));
		assertThat(browser.get("/api/me").status()).as("the stored role is not kept past the interval").isEqualTo(401);
		// Valid on the session's clock, moved on by six minutes: its claims still hold.
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens()
					.session("user_a")
					.organization("org_1", "one", "org:member")
					.lifetime(Duration.ofMinutes(7))
					.sign());
		Response demoted = browser.get("/api/me");
		assertThat(demoted.status()).isEqualTo(200);
		assertThat(demoted.json().path("authorities").toString()).contains("org:member").doesNotContain("org:admin");
	}

	/**
	 * Black-box run 156, F1: a token's organization claims are Clerk's word for the
	 * token's lifetime, but a sign-in kept in the session carried them for the whole
	 * revalidation interval, so a demoted or removed member kept the role for up to five
	 * minutes after the webhook. Once the token has expired, the kept sign-in acts in the
	 * organization as the membership is stored now.
	 */
	@Test
	void onceItsTokenExpiredAKeptSignInActsInItsOrganizationAsTheMembershipIsStoredNow() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").organization("org_1", "one", "org:admin").sign());
		OrganizationSynchronizer organizations = this.context.getBean(OrganizationSynchronizer.class);
		ClerkMembershipBuilder membership = ClerkData
			.membership("orgmem_a1", ClerkData.organization("org_1").name("One", "one"), "user_a")
			.role("org:admin");
		organizations.upsertMembership(membership(membership));
		membership.role("org:member");
		organizations.upsertMembership(membership(membership));
		assertThat(browser.get("/api/me").json().path("authorities").toString())
			.as("within the token's lifetime, its claims are Clerk's word, as on a request that carries it")
			.contains("org:admin");
		assertThat(browser.get("/api/organizations/current").json().path("source").asString()).isEqualTo("TOKEN");
		clock.advance(Duration.ofSeconds(90));
		Response demoted = browser.get("/api/me");
		assertThat(demoted.status()).isEqualTo(200);
		assertThat(demoted.json().path("authorities").toString()).contains("org:member").doesNotContain("org:admin");
		// Black-box run 190: the context said TOKEN while the stored membership decided.
		Response context = browser.get("/api/organizations/current");
		assertThat(context.json().path("role").asString()).isEqualTo("org:member");
		assertThat(context.json().path("source").asString()).isEqualTo("MEMBERSHIP");
		organizations.deleteMembership(membership(membership), clock.instant());
		Response removed = browser.get("/api/me");
		assertThat(removed.status()).as("still signed in, in no organization").isEqualTo(200);
		assertThat(removed.json().path("authorities").toString()).doesNotContain("org:");
	}

	/**
	 * Black-box run 175, F1: a kept sign-in whose organization a header selected kept
	 * that one for every later request, so a request whose header named another
	 * organization was answered in the first, with its role. As for a token without an
	 * organization, each request's header selects among the memberships stored now; a
	 * request without the header goes on in the organization the sign-in's header
	 * selected.
	 */
	@Test
	void eachRequestsHeaderSelectsTheOrganizationOfAKeptSignInWhoseTokenHadNone() {
		assertThat(HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"))
			.status()).as("the user stored").isEqualTo(200);
		OrganizationSynchronizer organizations = this.context.getBean(OrganizationSynchronizer.class);
		organizations.upsertMembership(membership(
				ClerkData.membership("orgmem_h1", ClerkData.organization("org_h1").name("One", "h-one"), "user_a")
					.role("org:admin")));
		organizations.upsertMembership(membership(
				ClerkData.membership("orgmem_h2", ClerkData.organization("org_h2").name("Two", "h-two"), "user_a")
					.role("org:member")));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String current = "/api/organizations/current";
		Response signIn = browser.get(current, "Authorization", "Bearer " + this.clerk.tokens().token("user_a"),
				"X-Organization-Id", "org_h1");
		assertThat(signIn.json().path("organizationId").asString()).isEqualTo("org_h1");
		Response other = browser.get(current, "X-Organization-Id", "org_h2");
		assertThat(other.status()).isEqualTo(200);
		assertThat(other.json().path("organizationId").asString()).isEqualTo("org_h2");
		assertThat(other.json().path("role").asString()).isEqualTo("org:member");
		assertThat(other.json().path("source").asString()).isEqualTo("HEADER");
		assertThat(browser.get(current, "X-Organization-Id", "org_not_a_member").json().path("organizationId").isNull())
			.isTrue();
		assertThat(browser.get(current, "X-Organization-Id", "org_h1", "X-Organization-Id", "org_h2")
			.json()
			.path("organizationId")
			.isNull()).as("several headers select none").isTrue();
		Response without = browser.get(current);
		assertThat(without.json().path("organizationId").asString()).isEqualTo("org_h1");
		assertThat(without.json().path("role").asString()).isEqualTo("org:admin");
	}

	/**
	 * The membership that a kept sign-in acts in once its token expired cannot be read
	 * (the database is down, the cache empty): the request is answered 503, as when its
	 * user cannot be read, and the sign-in holds once the database is back.
	 */
	@Test
	void aKeptSignInWhoseMembershipCannotBeReadIsAnswered503AndHoldsAfterwards() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").organization("org_1", "one", "org:admin").sign());
		this.context.getBean(OrganizationSynchronizer.class)
			.upsertMembership(membership(
					ClerkData.membership("orgmem_a1", ClerkData.organization("org_1").name("One", "one"), "user_a")
						.role("org:admin")));
		clock.advance(Duration.ofSeconds(90));
		assertThat(browser.get("/api/me").json().path("authorities").toString()).contains("org:admin");
		this.context.getBean(OrganizationCache.class).clear();
		TestDatabaseOutage.of(this.dataSource).begin();
		Response during;
		try {
			during = browser.get("/api/me");
		}
		finally {
			TestDatabaseOutage.of(this.dataSource).end();
			Objects.requireNonNull(this.dataSource.getHikariPoolMXBean()).softEvictConnections();
		}
		assertThat(during.status()).isEqualTo(503);
		assertThat(during.json().path("reason").asString()).isEqualTo("database-unavailable");
		Response after = onceTheDatabaseIsBack(browser);
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.json().path("authorities").toString()).contains("org:admin");
	}

	/**
	 * {@code /api/me} once the database is back: each connection the outage ended may
	 * fail one request before the pool replaces it.
	 */
	private Response onceTheDatabaseIsBack(HttpTestClient browser) {
		Response after = browser.get("/api/me");
		for (int i = 0; i < this.dataSource.getMaximumPoolSize() && after.status() == 503; i++) {
			after = browser.get("/api/me");
		}
		return after;
	}

	/** The membership's next revision, as Clerk's API or a webhook would give it. */
	private static OrganizationMembershipResource membership(ClerkMembershipBuilder membership) {
		membership.revise();
		return ClerkResource.read(JsonMapper.shared().valueToTree(membership.toMap()),
				OrganizationMembershipResource.class);
	}

	/**
	 * A browser that already has an HTTP session without a sign-in (the login page's, for
	 * its CSRF token, or one an attacker planted) gets a new session id when a token
	 * signs it in: the old id never carries the sign-in.
	 */
	@Test
	void aSignInIntoASessionWithoutOneGetsANewSessionId() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String before = sessionId(browser.get("/login"));
		assertThat(before).isNotNull();
		Response signedIn = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(sessionId(signedIn)).isNotNull().isNotEqualTo(before);
	}

	/**
	 * Review run 295: a delivery that carried a browser's session cookie (a gateway
	 * forwarding it) ran its handlers as that browser's kept sign-in, since the HTTP
	 * session was read before the delivery's credentials were hidden; webhooks.md
	 * promises its cookies are hidden from the chains' authentication, and WebFlux hid
	 * them. A delivery runs as no one.
	 */
	@Test
	void aDeliveryRunsAsNoOneWhateverSessionCookieItCarries() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response signIn = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(signIn.status()).isEqualTo(200);
		String session = Objects.requireNonNull(sessionId(signIn));
		assertThat(browser.get("/api/me").status()).as("the kept sign-in").isEqualTo(200);
		String body = ClerkEvents.of(Clocked.PROBE, Map.of("id", "probe_1")).toJson();
		Map<String, String> headers = new LinkedHashMap<>(ClerkWebhookSigner.test().sign(body));
		headers.put("Cookie", "JSESSIONID=" + session);
		Clocked.seenByDeliveries.clear();
		Delivery delivery = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk")
			.post(body, headers);
		assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
		assertThat(Clocked.seenByDeliveries).containsExactly("no one", "a session of its own");
		assertThat(browser.get("/api/me").status()).as("the browser's sign-in is kept").isEqualTo(200);
	}

	private static @Nullable String sessionId(Response response) {
		String cookie = response.header("Set-Cookie");
		if (cookie == null || !cookie.startsWith("JSESSIONID=")) {
			return null;
		}
		return cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
	}

	@Test
	void aFormLoginIsNeverTouchedAndATokenDecidesOnlyItsOwnRequest() {
		this.accounts.createSuperuser("staff@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.formLogin("staff@example.com", "staff-password-1").status()).isEqualTo(302);
		assertThat(browser.get("/api/me").json().path("mechanism").asString()).isEqualTo("form");
		Response withToken = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(withToken.json().path("clerkId").asString()).isEqualTo("user_a");
		clock.advance(Duration.ofMinutes(30));
		Response after = browser.get("/api/me");
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.json().path("email").asString()).as("the staff sign-in, untouched")
			.isEqualTo("staff@example.com");
	}

	/**
	 * While the database is down, a staff sign-in kept in the HTTP session cannot be
	 * read; a token of a cached user still answers its own request, and the staff sign-in
	 * is still there once the database is back.
	 */
	@Test
	void aTokenDuringAnOutageLeavesAFormLoginItCouldNotReadAsItWas() {
		this.accounts.createSuperuser("staff@example.com", "staff-password-1");
		String token = "Bearer " + this.clerk.tokens().token("user_a");
		HttpTestClient.api(this.port).get("/api/me", "Authorization", token);
		assertThat(HttpTestClient.api(this.port).get("/api/me", "Authorization", token).status())
			.as("user_a, stored, is cached")
			.isEqualTo(200);
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.formLogin("staff@example.com", "staff-password-1").status()).isEqualTo(302);
		TestDatabaseOutage.of(this.dataSource).begin();
		Response during;
		try {
			during = browser.get("/api/me", "Authorization", token);
		}
		finally {
			TestDatabaseOutage.of(this.dataSource).end();
			Objects.requireNonNull(this.dataSource.getHikariPoolMXBean()).softEvictConnections();
		}
		assertThat(during.status()).isEqualTo(200);
		assertThat(during.json().path("clerkId").asString()).isEqualTo("user_a");
		Response after = onceTheDatabaseIsBack(browser);
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.json().path("email").asString()).as("the staff sign-in, untouched")
			.isEqualTo("staff@example.com");
	}

	/**
	 * The application's clock, which the library reads for the time a sign-in was
	 * verified and for its revalidation.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Clocked {

		static final String PROBE = "test.session_probe";

		/** Who each delivery of {@link #PROBE} ran as. */
		static final List<String> seenByDeliveries = new CopyOnWriteArrayList<>();

		@Bean
		Clock testClock() {
			return clock;
		}

		@Bean
		ClerkWebhookHandler sessionProbe() {
			return new ClerkWebhookHandler() {

				@Override
				public boolean supports(String eventType) {
					return PROBE.equals(eventType);
				}

				@Override
				public void handle(ClerkWebhookEvent event) {
					Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
					seenByDeliveries
						.add((authentication == null || authentication instanceof AnonymousAuthenticationToken)
								? "no one" : authentication.getName());
					// As a handler that uses a session-scoped bean reaches the session.
					HttpSession session = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
						.getRequest()
						.getSession();
					seenByDeliveries.add((session
						.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) == null
							&& session.isNew()) ? "a session of its own" : "the browser's session");
				}

			};
		}

	}

}
