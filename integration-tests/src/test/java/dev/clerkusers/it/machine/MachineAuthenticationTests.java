package dev.clerkusers.it.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.FakeMachine;
import dev.clerkusers.test.backend.IssuedMachineToken;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.database.TestDatabaseOutage;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys, M2M tokens and OAuth tokens over real HTTP, verified against the fake Backend
 * API: each type is accepted only on the chains that opt in, refused with
 * {@code token-type-mismatch} elsewhere; a session token is refused where only machine
 * tokens are; revoked, expired and unknown tokens are refused; scopes become authorities;
 * one Backend API call serves many requests; an outage is a 503.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.hikari.connection-timeout=1000")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, MachineSecurityConfiguration.class })
class MachineAuthenticationTests {

	private static final String API_KEYS = "/api_keys/verify";

	private static final String M2M_TOKENS = "/m2m_tokens/verify";

	private static final String OAUTH_TOKENS = "/oauth_applications/access_tokens/verify";

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	HttpTestClient api;

	@BeforeEach
	void start() {
		this.api = HttpTestClient.api(this.port);
		this.clerk.clearRequests();
	}

	@AfterEach
	void recover() {
		this.clerk.setUnavailable(false);
	}

	@Test
	void anApiKeyIsAcceptedWhereTheChainOptsInWithItsScopesAsAuthorities() {
		IssuedMachineToken key = this.clerk.createApiKey("user_reporter", "reports:read", "reports:export");
		Response response = get("/machine/reports", key.bearer());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("type").asString()).isEqualTo("api_key");
		assertThat(response.json().path("id").asString()).isEqualTo(key.id());
		assertThat(response.json().path("subject").asString()).isEqualTo("user_reporter");
		assertThat(response.json().path("name").asString()).isEqualTo("user_reporter");
		assertThat(response.json().path("authorities").toString())
			.isEqualTo("[\"SCOPE_reports:export\",\"SCOPE_reports:read\"]");
		assertThat(response.json().path("user").isNull()).isTrue();
		assertThat(this.clerk.verifyCalls(API_KEYS)).hasSize(1);
		assertThat(this.clerk.verifyCalls(API_KEYS).get(0).header("authorization"))
			.isEqualTo("Bearer " + this.clerk.secretKey());
	}

	@Test
	void aScopeTheKeyLacksIsForbidden() {
		assertThat(get("/machine/reports/admin", this.clerk.createApiKey("org_acme", "reports:read").bearer()).status())
			.isEqualTo(403);
		Response admin = get("/machine/reports/admin", this.clerk.createApiKey("org_acme", "reports:admin").bearer());
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.json().path("organization").asString()).isEqualTo("org_acme");
	}

	@Test
	void anApiKeyIsRefusedOnTheSessionOnlyChainWithoutAskingClerk() {
		Response response = get("/api/me", this.clerk.createApiKey("user_reporter").bearer());
		assertRefused(response, "token-type-mismatch");
		assertThat(this.clerk.verifyCalls(API_KEYS)).isEmpty();
	}

	/**
	 * M2M and OAuth JWTs are told by their form on the session-only chain too, and
	 * refused as a type the chain does not accept, before their keys are looked up.
	 */
	@Test
	void machineJwtsAreRefusedOnTheSessionOnlyChainAsATypeItDoesNotAccept() {
		FakeMachine sender = this.clerk.createMachine();
		assertRefused(get("/api/me", "Bearer " + this.clerk.tokens().m2mToken(sender.id()).sign()),
				"token-type-mismatch");
		assertRefused(get("/api/me", "Bearer " + this.clerk.tokens().oauthToken("user_1").sign()),
				"token-type-mismatch");
	}

	@Test
	void aSessionTokenIsRefusedWhereOnlyMachineTokensAre() {
		this.clerk.addUser(ClerkData.user("user_browser").email("browser@example.com"));
		String session = "Bearer " + this.clerk.tokens().token("user_browser");
		assertRefused(get("/machine/reports", session), "token-type-mismatch");
		assertRefused(get("/machine/internal/sync", session), "token-type-mismatch");
		assertThat(get("/machine/mixed/whoami", session).json().path("user").asString()).isEqualTo("user_browser");
		assertThat(get("/api/me", session).status()).isEqualTo(200);
	}

	/**
	 * Black-box run 199, F4: the token types a chain accepts decide which tokens it
	 * takes, not who may call it: a staff member's form login, kept in the HTTP session,
	 * reaches a machine-only chain whose rule is {@code authenticated()}. The rule
	 * machine-auth.md gives keeps it out, and lets the machine in.
	 */
	@Test
	void aFormLoginReachesAMachineOnlyChainUnlessItsRuleAsksForAMachine() {
		this.accounts.createSuperuser("machine-staff@example.com", "staff-password-1");
		HttpTestClient staff = HttpTestClient.browser(this.port);
		assertThat(staff.formLogin("machine-staff@example.com", "staff-password-1").header("Location"))
			.doesNotContain("error");
		assertThat(staff.get("/machine/internal/sync").status()).isEqualTo(200);
		assertThat(staff.get("/machine/callers/sync").status()).isEqualTo(403);
		FakeMachine sender = this.clerk.createMachine();
		Response machine = get("/machine/callers/sync", this.clerk.createM2mToken(sender).bearer());
		assertThat(machine.status()).isEqualTo(200);
		assertThat(machine.json().path("subject").asString()).isEqualTo(sender.id());
	}

	@Test
	void theTypeComesFromTheTokenNeverFromAHeaderTheCallerChooses() {
		this.clerk.addUser(ClerkData.user("user_sneaky").email("sneaky@example.com"));
		Response response = get("/machine/reports", "Bearer " + this.clerk.tokens().token("user_sneaky"),
				"X-Clerk-Token-Type", "api_key", "Clerk-Token-Type", "api_key");
		assertRefused(response, "token-type-mismatch");
	}

	@Test
	void anotherMachineTypeIsRefusedOnAnApiKeyChain() {
		FakeMachine sender = this.clerk.createMachine();
		assertRefused(get("/machine/reports", this.clerk.createM2mToken(sender).bearer()), "token-type-mismatch");
		assertRefused(get("/machine/reports", "Bearer " + this.clerk.tokens().m2mToken(sender.id()).sign()),
				"token-type-mismatch");
		assertRefused(get("/machine/reports", this.clerk.createOAuthToken("user_1", "client_1").bearer()),
				"token-type-mismatch");
		assertThat(this.clerk.verifyCalls(M2M_TOKENS)).isEmpty();
		assertThat(this.clerk.verifyCalls(OAUTH_TOKENS)).isEmpty();
	}

	@Test
	void opaqueAndJwtM2mTokensAreAcceptedOnTheInternalChain() {
		FakeMachine sender = this.clerk.createMachine();
		FakeMachine receiver = this.clerk.createMachine();
		Response opaque = get("/machine/internal/sync", this.clerk.createM2mToken(sender, receiver.id()).bearer());
		assertThat(opaque.status()).isEqualTo(200);
		assertThat(opaque.json().path("type").asString()).isEqualTo("m2m_token");
		assertThat(opaque.json().path("subject").asString()).isEqualTo(sender.id());
		assertThat(opaque.json().path("authorities").toString()).isEqualTo("[\"SCOPE_" + receiver.id() + "\"]");
		String jwt = this.clerk.tokens().m2mToken(sender.id()).scopes(receiver.id()).sign();
		Response local = get("/machine/internal/sync", "Bearer " + jwt);
		assertThat(local.status()).isEqualTo(200);
		assertThat(local.json().path("subject").asString()).isEqualTo(sender.id());
		assertThat(this.clerk.verifyCalls(M2M_TOKENS)).hasSize(1);
	}

	@Test
	void anM2mJwtOfAnotherInstanceOrCategoryIsRefused() {
		FakeMachine sender = this.clerk.createMachine();
		assertRefused(
				get("/machine/internal/sync", "Bearer "
						+ this.clerk.tokens().m2mToken(sender.id()).signedBy(ClerkTestTokens.generate()).sign()),
				"token-invalid-signature");
		assertRefused(
				get("/machine/internal/sync",
						"Bearer " + this.clerk.tokens().m2mToken(sender.id()).header("cat", "cl_B7d4PD111AAA").sign()),
				"token-category-mismatch");
		assertRefused(
				get("/machine/internal/sync", "Bearer " + this.clerk.tokens().m2mToken(sender.id()).expired().sign()),
				"token-expired");
	}

	@Test
	void aChainMixingTypesTakesEachOfItsTypesAndOnlyThose() {
		Response oauth = get("/machine/mixed/whoami",
				this.clerk.createOAuthToken("user_granting", "client_cal", "calendar:read").bearer());
		assertThat(oauth.status()).isEqualTo(200);
		assertThat(oauth.json().path("type").asString()).isEqualTo("oauth_token");
		assertThat(oauth.json().path("authorities").toString()).isEqualTo("[\"SCOPE_calendar:read\"]");
		String oauthJwt = this.clerk.tokens().oauthToken("user_granting").scopes("calendar:write").sign();
		assertThat(get("/machine/mixed/whoami", "Bearer " + oauthJwt).json().path("authorities").toString())
			.isEqualTo("[\"SCOPE_calendar:write\"]");
		assertThat(get("/machine/mixed/whoami", this.clerk.createApiKey("org_acme").bearer()).json()
			.path("type")
			.asString()).isEqualTo("api_key");
		assertRefused(
				get("/machine/mixed/whoami",
						"Bearer " + this.clerk.tokens().m2mToken(this.clerk.createMachine().id()).sign()),
				"token-type-mismatch");
	}

	/**
	 * A controller argument that reads the database during an outage (the local user of
	 * an API key, not cached) is answered 503 with the library's body, as the same outage
	 * is when a token's user is loaded: not a 500.
	 */
	@Test
	void anApiKeysUserThatCannotBeReadIsA503(@Autowired HikariDataSource dataSource) {
		this.clerk.addUser(ClerkData.user("user_unreadable").email("unreadable@example.com"));
		IssuedMachineToken key = this.clerk.createApiKey("user_unreadable");
		TestDatabaseOutage outage = TestDatabaseOutage.of(dataSource).begin();
		try {
			Response response = get("/machine/reports", key.bearer());
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.header("Retry-After")).isNotBlank();
			assertThat(response.json().path("reason").asString()).isEqualTo("database-unavailable");
		}
		finally {
			outage.end();
		}
		Response after = get("/machine/reports", key.bearer());
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.json().path("apiKeyUser").asString()).isEqualTo("unreadable@example.com");
	}

	@Test
	void anApiKeyOfAUserResolvesTheUsersRowOnlyWhereAsked() {
		this.clerk.addUser(ClerkData.user("user_scripted").email("scripted@example.com"));
		Response response = get("/machine/reports", this.clerk.createApiKey("user_scripted").bearer());
		assertThat(response.json().path("user").isNull()).isTrue();
		assertThat(response.json().path("apiKeyUser").asString()).isEqualTo("scripted@example.com");
		Response organization = get("/machine/reports", this.clerk.createApiKey("org_acme").bearer());
		assertThat(organization.json().path("apiKeyUser").isNull()).isTrue();
	}

	@Test
	void aRequiredMachineArgumentRefusesOtherAuthentications() {
		assertThat(get("/machine/reports/required", this.clerk.createApiKey("org_acme").bearer()).status())
			.isEqualTo(200);
		assertThat(get("/machine/reports/required").status()).isEqualTo(401);
	}

	/**
	 * A token request that a required argument refuses is answered 401 without an HTTP
	 * session: it is not saved to be replayed after a sign-in, which would create one.
	 */
	@Test
	void aTokenRequestARequiredArgumentRefusesCreatesNoSession() {
		Response userOnMachineEndpoint = get("/machine/mixed/required-machine",
				"Bearer " + this.clerk.tokens().token("user_reporter"));
		assertThat(userOnMachineEndpoint.status()).isEqualTo(401);
		assertThat(userOnMachineEndpoint.header("Set-Cookie")).isNull();
		Response machineOnUserEndpoint = get("/machine/mixed/required-user",
				this.clerk.createApiKey("org_acme").bearer());
		assertThat(machineOnUserEndpoint.status()).isEqualTo(401);
		assertThat(machineOnUserEndpoint.header("Set-Cookie")).isNull();
	}

	@Test
	void revokedExpiredAndUnknownKeysAreRefused() {
		IssuedMachineToken revoked = this.clerk.createApiKey("user_gone");
		this.clerk.revokeMachineToken(revoked.id());
		assertRefused(get("/machine/reports", revoked.bearer()), "token-invalid");
		IssuedMachineToken expired = this.clerk.createApiKey("user_gone");
		this.clerk.expireMachineToken(expired.id());
		assertRefused(get("/machine/reports", expired.bearer()), "token-invalid");
		assertRefused(get("/machine/reports", "Bearer ak_not_a_key"), "token-invalid");
		IssuedMachineToken oauth = this.clerk.createOAuthToken("user_gone", "client_1");
		this.clerk.revokeMachineToken(oauth.id());
		assertRefused(get("/machine/mixed/whoami", oauth.bearer()), "token-invalid");
	}

	@Test
	void aKeyRevokedAfterUseIsServedFromTheCacheWithinTheRevocationInterval() {
		IssuedMachineToken key = this.clerk.createApiKey("user_cached");
		assertThat(get("/machine/reports", key.bearer()).status()).isEqualTo(200);
		this.clerk.revokeMachineToken(key.id());
		// docs/machine-auth.md: a revocation is seen within
		// clerk.machine-tokens.revocation-interval (60 s).
		assertThat(get("/machine/reports", key.bearer()).status()).isEqualTo(200);
		assertThat(this.clerk.verifyCalls(API_KEYS)).hasSize(1);
	}

	@Test
	void manyRequestsWithOneKeyMakeOneBackendApiCall() throws Exception {
		IssuedMachineToken key = this.clerk.createApiKey("user_busy", "reports:read");
		List<Integer> statuses = concurrently(40, () -> get("/machine/reports", key.bearer()).status());
		assertThat(statuses).containsOnly(200);
		for (int i = 0; i < 20; i++) {
			assertThat(get("/machine/reports", key.bearer()).status()).isEqualTo(200);
		}
		assertThat(this.clerk.verifyCalls(API_KEYS)).hasSize(1);
	}

	@Test
	void aFloodOfOneGarbageKeyMakesOneBackendApiCall() throws Exception {
		List<Integer> statuses = concurrently(40, () -> get("/machine/reports", "Bearer ak_garbage_flood").status());
		assertThat(statuses).containsOnly(401);
		for (int i = 0; i < 100; i++) {
			assertRefused(get("/machine/reports", "Bearer ak_garbage_flood"), "token-invalid");
		}
		assertThat(this.clerk.verifyCalls(API_KEYS)).hasSize(1);
	}

	/**
	 * Clerk's rate limit holds a request no longer than
	 * {@code clerk.api.request-retry-budget} (1 s), as for a user's first request: a
	 * {@code Retry-After} beyond it is answered 503 at once, without a retry, and tells
	 * the client to come back when Clerk said.
	 */
	@Test
	void aRateLimitLongerThanTheRequestBudgetIsA503WithoutWaiting() {
		IssuedMachineToken key = this.clerk.createApiKey("user_limited", "reports:read");
		this.clerk.rateLimitNext(1, 30);
		Response limited = get("/machine/reports", key.bearer());
		assertThat(limited.status()).isEqualTo(503);
		assertThat(limited.header("Retry-After")).isEqualTo("30");
		assertThat(limited.json().path("reason").asString()).isEqualTo("backend-api-unavailable");
		assertThat(this.clerk.verifyCalls(API_KEYS)).hasSize(1);
		assertThat(get("/machine/reports", key.bearer()).status()).isEqualTo(200);
	}

	@Test
	void anOutageIsA503ForAnUncachedKeyNeverA401AndIsNotRemembered() {
		IssuedMachineToken known = this.clerk.createApiKey("user_steady");
		assertThat(get("/machine/reports", known.bearer()).status()).isEqualTo(200);
		IssuedMachineToken fresh = this.clerk.createApiKey("user_fresh");
		this.clerk.setUnavailable(true);
		Response unavailable = get("/machine/reports", fresh.bearer());
		assertThat(unavailable.status()).isEqualTo(503);
		assertThat(unavailable.header("Retry-After")).isNotBlank();
		assertThat(unavailable.json().path("reason").asString()).isEqualTo("backend-api-unavailable");
		assertThat(get("/machine/reports", known.bearer()).status()).isEqualTo(200);
		assertThat(
				get("/machine/internal/sync", this.clerk.createM2mToken(this.clerk.createMachine()).bearer()).status())
			.isEqualTo(503);
		this.clerk.setUnavailable(false);
		assertThat(get("/machine/reports", fresh.bearer()).status()).isEqualTo(200);
	}

	/**
	 * With {@code clerk.audiences}, an OAuth access token must name one of them in its
	 * {@code aud}, as {@code @clerk/backend} checks with its {@code audience} option: a
	 * token the instance issued for another resource server is not for this one. Other
	 * machine tokens have no audience.
	 */
	@Nested
	@TestPropertySource(properties = "clerk.audiences=https://api.mine.example")
	class WithAudiences {

		@Test
		void anOAuthTokenMustNameOneOfTheAudiences() {
			String mine = clerk.tokens().oauthToken("user_aud").audience("https://api.mine.example").sign();
			assertThat(get("/machine/mixed/whoami", "Bearer " + mine).status()).isEqualTo(200);
			String other = clerk.tokens()
				.oauthToken("user_aud")
				.audience("https://api.other.example", "https://api.third.example")
				.sign();
			assertRefused(get("/machine/mixed/whoami", "Bearer " + other), "token-invalid-audience");
			String none = clerk.tokens().oauthToken("user_aud").sign();
			assertRefused(get("/machine/mixed/whoami", "Bearer " + none), "token-invalid-audience");
			IssuedMachineToken opaqueMine = clerk.createOAuthToken("user_aud", "client_1",
					List.of("https://api.mine.example"));
			assertThat(get("/machine/mixed/whoami", opaqueMine.bearer()).status()).isEqualTo(200);
			IssuedMachineToken opaqueOther = clerk.createOAuthToken("user_aud", "client_1",
					List.of("https://api.other.example"));
			assertRefused(get("/machine/mixed/whoami", opaqueOther.bearer()), "token-invalid-audience");
			assertRefused(get("/machine/mixed/whoami", clerk.createOAuthToken("user_aud", "client_1").bearer()),
					"token-invalid-audience");
		}

		/**
		 * An M2M JWT that names an audience must name one of them, as
		 * {@code @clerk/backend}'s {@code verifyM2MJwt} checks it with the same option;
		 * one that names none is not checked, nor is an opaque M2M token.
		 */
		@Test
		void anM2mJwtThatNamesAnAudienceMustNameOneOfThem() {
			FakeMachine sender = clerk.createMachine();
			String mine = clerk.tokens().m2mToken(sender.id()).audience("https://api.mine.example").sign();
			assertThat(get("/machine/internal/sync", "Bearer " + mine).status()).isEqualTo(200);
			String other = clerk.tokens().m2mToken(sender.id()).scopes("mch_elsewhere").sign();
			assertRefused(get("/machine/internal/sync", "Bearer " + other), "token-invalid-audience");
			String none = clerk.tokens().m2mToken(sender.id()).sign();
			assertThat(get("/machine/internal/sync", "Bearer " + none).status()).isEqualTo(200);
			String empty = clerk.tokens().m2mToken(sender.id()).claim("aud", List.of()).sign();
			assertThat(get("/machine/internal/sync", "Bearer " + empty).status()).isEqualTo(200);
			assertThat(get("/machine/internal/sync", clerk.createM2mToken(sender, "mch_elsewhere").bearer()).status())
				.isEqualTo(200);
		}

	}

	private Response get(String path, String... authorizationAndHeaders) {
		if (authorizationAndHeaders.length == 0) {
			return this.api.get(path);
		}
		String[] headers = new String[authorizationAndHeaders.length + 1];
		headers[0] = "Authorization";
		System.arraycopy(authorizationAndHeaders, 0, headers, 1, authorizationAndHeaders.length);
		return this.api.get(path, headers);
	}

	private static void assertRefused(Response response, String reason) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.json().path("reason").asString()).isEqualTo(reason);
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
	}

	private static List<Integer> concurrently(int requests, Callable<Integer> request) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				futures.add(pool.submit(request));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> future : futures) {
				statuses.add(future.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
