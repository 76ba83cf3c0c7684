package dev.clerkusers.it.security;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.StatementCounting;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.security.ClerkUserDetails;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.WebRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The whole path over real HTTP: a running application with the starter, its own filter
 * chain with form login, a fake Clerk Backend API, tokens signed with the fake instance's
 * key, and PostgreSQL.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, StatementCounting.class,
		ClerkAuthenticationIntegrationTests.ErrorPagesNameTheirPrincipal.class })
class ClerkAuthenticationIntegrationTests {

	@Autowired
	StatementCounting.StatementCounter statements;

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkTestTokens tokens;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ClerkUserRepository repository;

	@Autowired
	ApplicationContext context;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.clerk.reset();
	}

	/**
	 * A chain that sets its own entry point with the Clerk DSL answers with it: for a
	 * refused token, an empty bearer header, and no credentials at all.
	 */
	@Test
	void aChainsOwnEntryPointAnswersRefusedTokensAndMissingCredentials() {
		String expired = this.clerk.tokens().session("user_late").expired().sign();
		for (String[] headers : new String[][] { { "Authorization", "Bearer " + expired },
				{ "Authorization", "Bearer " }, {} }) {
			Response response = api().get("/problems/report", headers);
			assertThat(response.status()).as(String.join(" ", headers)).isEqualTo(401);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.json().path("type").asString()).isEqualTo(AppSecurityConfiguration.PROBLEM_TYPE);
		}
	}

	/**
	 * A failure handler of the chain's own answers a refused token, and the request ends
	 * there, as after Spring Security's own {@code AuthenticationFailureHandler}s, even
	 * when the handler leaves the response uncommitted: a public endpoint does not run
	 * under the handler's answer.
	 */
	@Test
	void aChainsOwnFailureHandlerAnswersARefusedTokenAndTheRequestEnds() {
		for (String path : new String[] { "/handled/public/hello", "/handled/anything" }) {
			Response response = api().get(path, "Authorization", "Bearer not.a.token");
			assertThat(response.status()).as(path).isEqualTo(499);
			assertThat(response.body()).as(path).isEqualTo("refused by the chain's handler");
		}
		assertThat(api().get("/handled/public/hello").body()).as("without a token").isEqualTo("hello");
	}

	/**
	 * A chain for another identity provider's bearer tokens turns Clerk off
	 * ({@code with(clerk(), AbstractHttpConfigurer::disable)}): its tokens reach the
	 * chain's own mechanism, and Clerk tokens get nothing there, while Clerk still
	 * authenticates on the other chains.
	 */
	@Test
	void aChainThatTurnsClerkOffLeavesBearerTokensToItsOwnMechanism() {
		Response partner = api().get("/partner/whoami", "Authorization", "Bearer partner-secret");
		assertThat(partner.status()).isEqualTo(200);
		assertThat(partner.body()).isEqualTo("partner");
		this.clerk.addUser(ClerkData.user("user_elsewhere").email("elsewhere@example.com"));
		String clerkToken = "Bearer " + this.tokens.token("user_elsewhere");
		assertThat(api().get("/partner/whoami", "Authorization", clerkToken).status()).isIn(401, 403);
		assertThat(api().get("/api/me", "Authorization", clerkToken).status()).isEqualTo(200);
	}

	/**
	 * A chain that turns Clerk off still reads the sign-ins kept in the HTTP session, and
	 * the library checks them there as on its own chains: a staff member's form login
	 * ends on it once the password changes, and the session forgets it.
	 */
	@Test
	void aFormLoginSessionFollowsTheUsersTableOnAChainThatTurnsClerkOff() {
		ClerkUser desk = this.accounts.createSuperuser("desk@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("desk@example.com", "staff-password-1");
		Response before = browser.get("/partner/whoami");
		assertThat(before.status()).isEqualTo(200);
		assertThat(before.body()).isEqualTo("desk@example.com");
		this.accounts.setPassword(desk.getUid(), "another-password-2");
		assertThat(browser.get("/partner/whoami").status()).as("password changed").isEqualTo(401);
		assertThat(browser.get("/api/me").status()).as("forgotten by the session").isEqualTo(401);
	}

	/**
	 * Two {@code Authorization} headers name no single credential: a gateway that reads
	 * the last and this application, which would read the first, would judge different
	 * ones. The request is refused, whichever holds a valid token.
	 */
	/**
	 * Black-box run 200, F1: a token sent without the Bearer scheme (as
	 * {@code @clerk/backend} takes it) or under another scheme is no token here, and was
	 * answered as a request without a header: "Authentication is required". The answer
	 * says how to send it; a Basic header, which another mechanism may read, keeps the
	 * plain answer.
	 */
	@Test
	void aTokenWithoutTheBearerSchemeIsToldHowToSendIt() {
		this.clerk.addUser(ClerkData.user("user_scheme").email("scheme@example.com"));
		String token = this.tokens.token("user_scheme");
		for (String authorization : new String[] { token, "Token " + token, "JWT " + token }) {
			Response response = api().get("/api/me", "Authorization", authorization);
			assertThat(response.status()).as(authorization).isEqualTo(401);
			assertThat(response.json().path("error").asString()).isEqualTo("unauthorized");
			assertThat(response.json().path("message").asString()).as(authorization)
				.contains("no Bearer scheme")
				.contains("Authorization: Bearer <token>");
		}
		for (String[] headers : new String[][] { { "Authorization", "Basic dXNlcjpwYXNz" }, {} }) {
			assertThat(api().get("/api/me", headers).json().path("message").asString())
				.isEqualTo("Authentication is required");
		}
		// Black-box run 205, F1: a token in Clerk's __session cookie, which this
		// application does not read (clerk.session-cookie.enabled is off), was answered
		// as a request without credentials.
		Response cookie = api().get("/api/me", "Cookie", "__session=" + token);
		assertThat(cookie.status()).isEqualTo(401);
		assertThat(cookie.json().path("message").asString()).contains("clerk.session-cookie.enabled")
			.contains("Authorization: Bearer <token>");
	}

	@Test
	void aRequestWithTwoAuthorizationHeadersIsRefused() {
		this.clerk.addUser(ClerkData.user("user_twice").email("twice@example.com"));
		String valid = "Bearer " + this.tokens.token("user_twice");
		for (String[] second : new String[][] { { valid, "Bearer garbage" }, { "Bearer garbage", valid },
				{ valid, valid }, { "Basic dXNlcjpwYXNz", valid } }) {
			Response response = api().get("/api/me", "Authorization", second[0], "Authorization", second[1]);
			assertThat(response.status()).as(String.join(" + ", second)).isEqualTo(401);
			assertThat(response.json().path("reason").asString()).isEqualTo("token-invalid");
		}
		assertThat(api().get("/api/me", "Authorization", valid).status()).isEqualTo(200);
	}

	@Test
	void aTokenOfANewUserAnswers200AndCreatesTheUserFromClerksData() {
		this.clerk.addUser(ClerkData.user("user_ada").email("ada@example.com").name("Ada", "Lovelace"));
		Response response = api().get("/api/me", "Authorization", "Bearer " + this.tokens.token("user_ada"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("email").asString()).isEqualTo("ada@example.com");
		assertThat(response.json().path("mechanism").asString()).isEqualTo("clerk");
		assertThat(response.json().path("authorities").toString()).contains("ROLE_USER");
		ClerkUser stored = this.repository.findByClerkId("user_ada").orElseThrow();
		assertThat(stored.getFullName()).isEqualTo("Ada Lovelace");
		assertThat(this.clerk.requests("GET", "/v1/users/user_ada")).hasSize(1);
	}

	@Test
	void aCachedUserCostsNoDatabaseQueryAndNoClerkCall() {
		this.clerk.addUser(ClerkData.user("user_fast").email("fast@example.com"));
		String token = this.tokens.token("user_fast");
		// The first request creates the user and caches it.
		assertThat(api().get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);
		Statistics statistics = this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		assertThat(statistics.isStatisticsEnabled()).as("hibernate.generate_statistics, so that queries are counted")
			.isTrue();
		statistics.clear();
		this.statements.reset();
		this.clerk.clearRequests();
		for (int i = 0; i < 20; i++) {
			assertThat(api().get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);
		}
		String fresh = this.tokens.token("user_fast");
		assertThat(api().get("/api/me", "Authorization", "Bearer " + fresh).status()).isEqualTo(200);
		assertThat(this.statements.count()).as("JDBC statements of any kind, Hibernate's or not").isZero();
		assertThat(statistics.getPrepareStatementCount()).isZero();
		assertThat(statistics.getEntityLoadCount()).isZero();
		assertThat(statistics.getQueryExecutionCount()).isZero();
		assertThat(this.clerk.requests()).isEmpty();
	}

	@Test
	void refusedTokensAnswer401WithTheReason() {
		this.clerk.addUser(ClerkData.user("user_x").email("x@example.com"));
		Response expired = api().get("/api/me", "Authorization",
				"Bearer " + this.tokens.session("user_x").expired().sign());
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
			.contains("token-expired");
		assertThat(expired.json().path("reason").asString()).isEqualTo("token-expired");
		Response wrongParty = api().get("/api/me", "Authorization",
				"Bearer " + this.tokens.session("user_x").authorizedParty("https://evil.example").sign());
		assertThat(wrongParty.json().path("reason").asString()).isEqualTo("token-invalid-authorized-parties");
		Response otherInstance = api().get("/api/me", "Authorization",
				"Bearer " + ClerkTestTokens.generate().token("user_x"));
		assertThat(otherInstance.status()).isEqualTo(401);
		assertThat(otherInstance.json().path("reason").asString()).isEqualTo("jwk-kid-mismatch");
		// Black-box run 200, F4: the message says what the reason means.
		assertThat(otherInstance.json().path("message").asString()).contains("another Clerk instance's")
			.contains("clerk.secret-key");
		Response garbage = api().get("/public/hello", "Authorization", "Bearer not-a-token");
		assertThat(garbage.status()).as("a bad token is refused even on a public path by default").isEqualTo(401);
		assertThat(this.repository.findByClerkId("user_x")).isEmpty();
	}

	@Test
	void anApiRequestWithoutTokenAnswers401AndABrowserIsSentToTheLoginPage() {
		Response api = api().get("/api/me");
		assertThat(api.status()).isEqualTo(401);
		assertThat(api.header("WWW-Authenticate")).isEqualTo("Bearer");
		Response browser = api().get("/api/me", "Accept", "text/html");
		assertThat(browser.status()).isEqualTo(302);
		assertThat(browser.header("Location")).endsWith("/login");
	}

	/**
	 * Black-box run 230 F1: Spring Security's form login takes a request that accepts
	 * {@code text/plain} or an image for a browser's, so an API client sending axios' and
	 * Angular's default {@code Accept} was sent to the login page (and followed the
	 * redirect to an HTML page answered 200), where the docs promise a 401 to any request
	 * that does not accept {@code text/html}.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "application/json, text/plain, */*", "text/plain", "image/png",
			"application/json, text/plain;q=0.5", "text/html;q=0, application/json" })
	void aRequestThatDoesNotAcceptHtmlAnswers401WhateverElseItAccepts(String accept) {
		Response api = api().get("/api/me", "Accept", accept);
		assertThat(api.status()).isEqualTo(401);
		assertThat(api.header("WWW-Authenticate")).isEqualTo("Bearer");
		Response browser = api().get("/api/me", "Accept", "text/html," + accept);
		assertThat(browser.status()).isEqualTo(302);
		assertThat(browser.header("Location")).endsWith("/login");
	}

	/**
	 * A browser's request is still saved, and the sign-in returns to it; only a request
	 * with a bearer token is not (it would create an HTTP session).
	 */
	@Test
	void aBrowserSentToTheLoginPageReturnsToItsPageAfterSigningIn() {
		this.accounts.createSuperuser("returning@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.get("/api/me", "Accept", "text/html").header("Location")).endsWith("/login");
		Response login = browser.formLogin("returning@example.com", "staff-password-1");
		assertThat(login.status()).isEqualTo(302);
		assertThat(login.header("Location")).contains("/api/me");
	}

	@Test
	void bannedUsersAreRefused() {
		this.clerk.addUser(ClerkData.user("user_banned").email("banned@example.com").banned(true));
		Response response = api().get("/api/me", "Authorization", "Bearer " + this.tokens.token("user_banned"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().path("reason").asString()).isEqualTo("user-inactive");
	}

	/**
	 * Clerk ends a lockout by itself, without a webhook
	 * ({@code lockout_expires_in_seconds} counts down): a user locked out for a while is
	 * refused until then, and one whose lockout has run out signs in without anyone
	 * unlocking the local account.
	 */
	@Test
	void aLockedOutUserIsRefusedOnlyUntilTheLockoutEnds() {
		this.clerk.addUser(ClerkData.user("user_locked").email("locked@example.com").lockedFor(Duration.ofMinutes(30)));
		Response locked = api().get("/api/me", "Authorization", "Bearer " + this.tokens.token("user_locked"));
		assertThat(locked.status()).isEqualTo(401);
		assertThat(locked.json().path("reason").asString()).isEqualTo("user-locked");
		this.clerk.addUser(ClerkData.user("user_unlocked").email("unlocked@example.com").lockedFor(Duration.ZERO));
		Response ended = api().get("/api/me", "Authorization", "Bearer " + this.tokens.token("user_unlocked"));
		assertThat(ended.status()).as("the lockout has ended").isEqualTo(200);
	}

	/**
	 * The cached user is shared by every request thread, and a controller may return the
	 * entity itself: its maps must be read-only, and its password hash must reach neither
	 * the JSON nor a log line.
	 */
	/**
	 * Black-box run 359 F1: a {@code ClerkUser} parameter without
	 * {@code @CurrentClerkUser} (a Kotlin {@code user: ClerkUser} copied without it) was
	 * left to Spring's data binding, which gave every request, anonymous ones included, a
	 * blank user. The library claims it and refuses it (500, a message in the log saying
	 * to annotate it).
	 */
	@Test
	void aUserParameterWithoutItsAnnotationIsRefusedNotDataBound() {
		this.clerk.addUser(ClerkData.user("user_unannotated").email("unannotated@example.com"));
		String token = "Bearer " + this.tokens.token("user_unannotated");
		assertThat(api().get("/api/me/unannotated?clerkId=user_forged", "Authorization", token).status())
			.isEqualTo(500);
	}

	@Test
	void theCachedUserIsReadOnlyAndItsPasswordHashNeverLeaves() {
		this.clerk.addUser(ClerkData.user("user_hash")
			.email("hash@example.com")
			.publicMetadata(Map.of("plan", Map.of("tier", "gold"))));
		String token = "Bearer " + this.tokens.token("user_hash");
		assertThat(api().get("/api/me", "Authorization", token).status()).isEqualTo(200);
		ClerkUser stored = this.users.findCachedByClerkId("user_hash").orElseThrow();
		this.accounts.setPassword(stored.getUid(), "a secret password");
		ClerkUser user = this.users.findCachedByClerkId("user_hash").orElseThrow();
		String hash = Objects.requireNonNull(user.getPassword());
		Response entity = api().get("/api/me/entity", "Authorization", token);
		assertThat(entity.status()).isEqualTo(200);
		assertThat(entity.json().path("clerkId").asString()).isEqualTo("user_hash");
		assertThat(entity.json().has("password")).isFalse();
		assertThat(entity.body()).doesNotContain(hash);
		assertThat(user.toString()).doesNotContain(hash);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> user.getPublicMetadata().put("plan", "free"));
		@SuppressWarnings("unchecked")
		Map<String, Object> plan = (Map<String, Object>) user.getPublicMetadata().get("plan");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> plan.put("tier", "free"));
		assertThat(this.users.findCachedByClerkId("user_hash").orElseThrow().getPublicMetadata()).containsEntry("plan",
				Map.of("tier", "gold"));
	}

	@Test
	void aDeactivatedUserIsRefusedOnTheNextRequestEvenWithTheSameToken() {
		this.clerk.addUser(ClerkData.user("user_gone").email("gone@example.com"));
		String token = this.tokens.token("user_gone");
		assertThat(api().get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);
		this.synchronizer.deactivate("user_gone");
		Response response = api().get("/api/me", "Authorization", "Bearer " + token);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().path("reason").asString()).isEqualTo("user-inactive");
	}

	@Test
	void whenClerkIsUnreachableAValidUserIsCreatedFromTheTokenAndCompletedLater() {
		this.clerk.setUnavailable(true);
		Response response = api().get("/api/me", "Authorization", "Bearer " + this.tokens.token("user_offline"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("syncPending").asBoolean()).isTrue();
		ClerkUser pending = this.repository.findByClerkId("user_offline").orElseThrow();
		assertThat(pending.isSyncPending()).isTrue();
		this.clerk.setUnavailable(false);
		this.synchronizer
			.upsertFromClerk(Resources.user(ClerkData.user("user_offline").email("offline@example.com").toJsonNode()));
		ClerkUser completed = this.repository.findByClerkId("user_offline").orElseThrow();
		assertThat(completed.isSyncPending()).isFalse();
		assertThat(completed.getEmail()).isEqualTo("offline@example.com");
	}

	/**
	 * Black-box run 172: each request of such a token logged a warning naming the user,
	 * although the refusal is a client's matter (a deleted user's tab polling), logged at
	 * {@code DEBUG} as every other refusal is.
	 * @param output the captured output
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aUserClerkSaysDoesNotExistIsRefusedAndNotCreated(CapturedOutput output) {
		String token = this.tokens.token("user_nobody");
		for (int i = 0; i < 3; i++) {
			Response response = api().get("/api/me", "Authorization", "Bearer " + token);
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.json().path("reason").asString()).isEqualTo("user-unknown");
		}
		assertThat(this.repository.findByClerkId("user_nobody")).isEmpty();
		assertThat(output).doesNotContain("user_nobody");
	}

	@Test
	void staffFormLoginWorksOnTheSameApplication() {
		this.accounts.createSuperuser("boss@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response login = browser.formLogin("BOSS@example.com", "staff-password-1");
		assertThat(login.status()).isEqualTo(302);
		assertThat(login.header("Location")).doesNotContain("error");
		Response me = browser.get("/api/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("mechanism").asString()).isEqualTo("form");
		assertThat(me.json().path("email").asString()).isEqualTo("boss@example.com");
		assertThat(me.json().path("authorities").toString()).contains("ROLE_STAFF", "ROLE_SUPERUSER");
	}

	/**
	 * A session kept outside the JVM (Spring Session, a server's persistent sessions) is
	 * written with Java serialization: a form login's carries no password hash, its user
	 * still says it has a password, and the sign-in read back holds until the password
	 * changes.
	 */
	@Test
	void aFormLoginSessionWrittenOutCarriesNoPasswordHashAndHoldsWhenReadBack() throws Exception {
		ClerkUser desk = this.accounts.createSuperuser("written@example.com", "staff-password-1");
		String hash = Objects.requireNonNull(this.users.findByUid(desk.getUid()).orElseThrow().getPassword());
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("written@example.com", "staff-password-1");
		Response written = browser.get("/api/session/round-trip");
		assertThat(written.status()).isEqualTo(200);
		byte[] bytes = Base64.getDecoder().decode(written.body());
		assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("written@example.com").doesNotContain(hash);
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			SecurityContext context = (SecurityContext) in.readObject();
			ClerkUserDetails details = (ClerkUserDetails) Objects.requireNonNull(context.getAuthentication())
				.getPrincipal();
			assertThat(details.getPassword()).isNull();
			assertThat(details.getUser().getPassword()).isNull();
			assertThat(details.getUser().hasPassword()).isTrue();
		}
		assertThat(browser.get("/api/me").status()).as("read back").isEqualTo(200);
		this.accounts.setPassword(desk.getUid(), "another-password-2");
		assertThat(browser.get("/api/me").status()).as("password changed").isEqualTo(401);
	}

	/**
	 * A form-login sign-in kept in the HTTP session follows the users table, as
	 * django-clerk-users' backend reads the user on every request: it ends at the next
	 * request once the user is deactivated, or its password or rights change.
	 */
	@Test
	void aFormLoginSessionEndsWhenItsUserIsDeactivatedOrItsPasswordOrRightsChange() {
		ClerkUser boss = this.accounts.createSuperuser("shift@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("shift@example.com", "staff-password-1");
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		this.synchronizer.deactivate(this.accounts.linkClerkId(boss.getUid(), "user_shift").getClerkId());
		assertThat(browser.get("/api/me").status()).as("deactivated").isEqualTo(401);

		ClerkUser night = this.accounts.createSuperuser("night@example.com", "staff-password-1");
		browser = HttpTestClient.browser(this.port);
		browser.formLogin("night@example.com", "staff-password-1");
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		this.accounts.setPassword(night.getUid(), "another-password-2");
		assertThat(browser.get("/api/me").status()).as("password changed").isEqualTo(401);

		browser = HttpTestClient.browser(this.port);
		browser.formLogin("night@example.com", "another-password-2");
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		this.accounts.setRoles(night.getUid(), true, false);
		assertThat(browser.get("/api/me").status()).as("rights changed").isEqualTo(401);
		this.accounts.setRoles(night.getUid(), true, true);
		assertThat(browser.get("/api/me").status()).as("an ended sign-in does not come back with the rights")
			.isEqualTo(401);

		// A sign-in by an address holds while the account has it: Clerk's data took it
		// away (no verified address left).
		ClerkUser linked = this.accounts.createSuperuser("moving@example.com", "staff-password-1");
		this.accounts.linkClerkId(linked.getUid(), "user_moving");
		browser = HttpTestClient.browser(this.port);
		browser.formLogin("moving@example.com", "staff-password-1");
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		ClerkUser moved = this.synchronizer
			.upsertFromClerk(
					Resources.user(ClerkData.user("user_moving").updatedAt(Instant.now().plusSeconds(60)).toJsonNode()))
			.value();
		assertThat(moved).isNotNull().extracting(ClerkUser::getEmail).as("the user returned").isNull();
		assertThat(this.users.findByClerkId("user_moving").orElseThrow().getEmail()).isNull();
		assertThat(browser.get("/api/me").status()).as("address removed").isEqualTo(401);

		// Form login matches an address in any case: Clerk's data with the address in
		// another case is the same address, and the sign-in holds.
		ClerkUser cased = this.accounts.createSuperuser("Mixed.Case@example.com", "staff-password-1");
		this.accounts.linkClerkId(cased.getUid(), "user_cased");
		browser = HttpTestClient.browser(this.port);
		browser.formLogin("Mixed.Case@example.com", "staff-password-1");
		this.synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_cased")
			.email("mixed.case@example.com")
			.updatedAt(Instant.now().plusSeconds(60))
			.toJsonNode()));
		assertThat(this.users.findByClerkId("user_cased").orElseThrow().getEmail()).isEqualTo("mixed.case@example.com");
		assertThat(browser.get("/api/me").status()).as("the same address in another case").isEqualTo(200);
	}

	/**
	 * {@code @CurrentClerkUser} of a form-login sign-in is the user as stored now, as a
	 * token's is: the sign-in holds (same address, password and rights), its data does
	 * not stay as it was at sign-in.
	 */
	@Test
	void theCurrentUserOfAFormLoginIsTheUserAsStoredNow() {
		ClerkUser staff = this.accounts.createSuperuser("renamed@example.com", "staff-password-1");
		this.accounts.linkClerkId(staff.getUid(), "user_renamed");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("renamed@example.com", "staff-password-1");
		assertThat(browser.get("/api/me").json().path("name").asString()).isEmpty();
		this.synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_renamed")
			.email("renamed@example.com")
			.name("Grace", "Hopper")
			.updatedAt(Instant.now().plusSeconds(60))
			.toJsonNode()));
		Response me = browser.get("/api/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("name").asString()).isEqualTo("Grace Hopper");
		assertThat(me.json().path("mechanism").asString()).isEqualTo("form");
	}

	@Test
	void aWrongPasswordOrAUserWithoutPasswordCannotSignInWithTheForm() {
		this.accounts.createSuperuser("boss@example.com", "staff-password-1");
		this.accounts.createUser("nopass@example.com", "user_nopass", null);
		assertThat(HttpTestClient.browser(this.port).formLogin("boss@example.com", "wrong").header("Location"))
			.endsWith("/login?error");
		assertThat(HttpTestClient.browser(this.port).formLogin("nopass@example.com", "").header("Location"))
			.endsWith("/login?error");
	}

	/**
	 * A sign-in name or a token's subject that no row can hold (with a NUL character,
	 * which PostgreSQL refuses; padded; longer than the column) names no user: a failed
	 * sign-in and a refused token, not an outage of the database answered 503 on every
	 * request, and no call to Clerk for a user that cannot be stored.
	 */
	@Test
	void aNameOrASubjectNoRowCanHoldIsNoUserNotAnOutage() {
		this.accounts.createSuperuser("boss@example.com", "staff-password-1");
		Response login = HttpTestClient.browser(this.port).formLogin("boss\u0000@example.com", "staff-password-1");
		assertThat(login.status()).as(login.body()).isEqualTo(302);
		assertThat(login.header("Location")).endsWith("/login?error");
		this.clerk.clearRequests();
		for (String subject : List.of("user_\u0000evil", "user_ padded ", "user_" + "x".repeat(300))) {
			this.clerk.addUser(ClerkData.user(subject).email("odd@example.com"));
			Response token = HttpTestClient.api(this.port)
				.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token(subject));
			assertThat(token.status()).as("%s: %s", subject.length(), token.body()).isEqualTo(401);
		}
		assertThat(this.clerk.requests()).as("no user fetched from Clerk").isEmpty();
	}

	/**
	 * Staff accounts do not depend on Clerk: while Clerk answers nothing but 503 (its
	 * keys and its Backend API), a form login succeeds and its session is served, without
	 * a call to Clerk.
	 */
	@Test
	void formLoginKeepsWorkingWhileClerkIsDown() {
		this.accounts.createSuperuser("night-shift@example.com", "staff-password-1");
		this.clerk.setUnavailable(true);
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response login = browser.formLogin("night-shift@example.com", "staff-password-1");
		assertThat(login.header("Location")).doesNotContain("error");
		Response me = browser.get("/api/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo("night-shift@example.com");
		assertThat(me.json().path("mechanism").asString()).isEqualTo("form");
		assertThat(this.clerk.requests()).as("the form login asked Clerk nothing (a refresh of the keys aside)")
			.allMatch((request) -> request.path().contains("jwks"));
	}

	@Test
	void aBearerTokenDecidesTheIdentityEvenWithAStaffSessionWhichStaysAsItWas() {
		this.accounts.createSuperuser("boss@example.com", "staff-password-1");
		this.clerk.addUser(ClerkData.user("user_other").email("other@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("boss@example.com", "staff-password-1");
		Response withToken = browser.get("/api/me", "Authorization", "Bearer " + this.tokens.token("user_other"));
		assertThat(withToken.json().path("email").asString()).isEqualTo("other@example.com");
		assertThat(withToken.json().path("mechanism").asString()).isEqualTo("clerk");
		Response refused = browser.get("/api/me", "Authorization",
				"Bearer " + this.tokens.session("user_other").expired().sign());
		assertThat(refused.status()).as("a refused token never falls back to the session").isEqualTo(401);
		Response withoutToken = browser.get("/api/me");
		assertThat(withoutToken.json().path("email").asString()).isEqualTo("boss@example.com");
		assertThat(withoutToken.json().path("mechanism").asString()).isEqualTo("form");
	}

	/**
	 * A request answered on an async dispatch ({@code Callable}, {@code DeferredResult},
	 * streaming) is authorized again on that dispatch: as the token's user, not as the
	 * staff sign-in kept in its HTTP session.
	 */
	@Test
	void aBearerTokenDecidesTheIdentityOnTheAsyncDispatchToo() {
		this.accounts.createSuperuser("boss@example.com", "staff-password-1");
		this.clerk.addUser(ClerkData.user("user_later").email("later@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("boss@example.com", "staff-password-1");
		Response withToken = browser.get("/clerk-only/me", "Authorization",
				"Bearer " + this.tokens.token("user_later"));
		assertThat(withToken.status()).isEqualTo(200);
		assertThat(withToken.json().path("email").asString()).isEqualTo("later@example.com");
		assertThat(browser.get("/clerk-only/me").status()).as("the staff sign-in alone").isEqualTo(403);
	}

	/**
	 * The same for the error page of a request that failed: it is rendered for the
	 * token's user, not for the staff sign-in kept in the HTTP session.
	 */
	@Test
	void aBearerTokenDecidesTheIdentityOnTheErrorPageToo() {
		this.accounts.createSuperuser("chief@example.com", "staff-password-1");
		this.clerk.addUser(ClerkData.user("user_failing").email("failing@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("chief@example.com", "staff-password-1");
		Response failed = browser.get("/api/boom", "Authorization", "Bearer " + this.tokens.token("user_failing"),
				"Accept", "application/json");
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.json().path("principal").asString()).isEqualTo("user_failing");
		Response staff = browser.get("/api/boom", "Accept", "application/json");
		assertThat(staff.json().path("principal").asString()).as("the staff sign-in alone")
			.isEqualTo("chief@example.com");
	}

	@Test
	void tokenRequestsNeedNoCsrfTokenAndCreateNoSession() {
		this.clerk.addUser(ClerkData.user("user_post").email("post@example.com"));
		Response response = api().post("/api/echo", "", "Authorization", "Bearer " + this.tokens.token("user_post"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Set-Cookie")).isNull();
	}

	/**
	 * Black-box run 125: what authentication.md now says, that a change without a token
	 * meets Spring Security's CSRF check before it is found to have none, as on Spring's
	 * own resource server.
	 */
	@Test
	void aChangeWithoutATokenMeetsTheCsrfCheckFirst() {
		Response response = api().post("/api/echo", "", "Accept", "application/json");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).isNull();
	}

	@Test
	void organizationClaimsBecomeAuthorities() {
		this.clerk.addUser(ClerkData.user("user_org").email("org@example.com"));
		Response response = api().get("/api/me", "Authorization",
				"Bearer " + this.tokens.session("user_org")
					.organizationV2("org_1", "acme", "admin", Map.of("teams", List.of("manage", "read")))
					.sign());
		assertThat(response.json().path("organization").asString()).isEqualTo("org_1");
		assertThat(response.json().path("authorities").toString()).contains("org:admin", "org:teams:manage",
				"org:teams:read");
	}

	@Test
	void machineTokensAreRefused() {
		Response response = api().get("/api/me", "Authorization", "Bearer ak_live_123456");
		assertThat(response.json().path("reason").asString()).isEqualTo("token-type-mismatch");
		Response template = api().get("/api/me", "Authorization",
				"Bearer " + this.tokens.session("user_t").jwtTemplate().sign());
		assertThat(template.json().path("reason").asString()).isEqualTo("token-category-mismatch");
	}

	private HttpTestClient api() {
		return HttpTestClient.api(this.port);
	}

	static Instant now() {
		return Instant.now();
	}

	/**
	 * Error pages that name the principal they were rendered for.
	 */
	static class ErrorPagesNameTheirPrincipal {

		@Bean
		DefaultErrorAttributes errorAttributes() {
			return new DefaultErrorAttributes() {

				@Override
				public Map<String, @Nullable Object> getErrorAttributes(WebRequest request,
						ErrorAttributeOptions options) {
					Map<String, @Nullable Object> attributes = super.getErrorAttributes(request, options);
					Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
					attributes.put("principal", (authentication != null) ? authentication.getName() : null);
					return attributes;
				}

			};
		}

	}

}
