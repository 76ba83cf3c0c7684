package dev.clerkusers.it.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.it.machine.MachineSecurityConfiguration;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.JwksKeySource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that starts while Clerk is unreachable has no keys to verify tokens
 * with: it answers 503 until the keys arrive, never a 401 that would sign users out. A
 * token signed with a key Clerk does not have stays 401.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.jwks.unknown-key-refetch-interval=0s")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, MachineSecurityConfiguration.class })
class KeysUnavailableTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	JwksKeySource keys;

	@Test
	void aColdStartWithoutClerkAnswers503UntilTheKeysArrive() {
		this.clerk.addUser(ClerkData.user("user_cold").email("cold@example.com"));
		String token = "Bearer " + this.clerk.tokens().token("user_cold");
		HttpTestClient api = HttpTestClient.api(this.port);
		this.clerk.setUnavailable(true);
		Response unavailable = api.get("/api/me", "Authorization", token);
		assertThat(unavailable.status()).isEqualTo(503);
		assertThat(unavailable.header("Retry-After")).isNotBlank();
		assertThat(unavailable.json().path("reason").asString()).isEqualTo("keys-unavailable");
		this.clerk.setUnavailable(false);
		assertThat(api.get("/api/me", "Authorization", token).status()).isEqualTo(200);
		Response forged = api.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_cold").signedBy(ClerkTestTokens.generate()).sign());
		assertThat(forged.status()).isEqualTo(401);
	}

	/**
	 * Clerk's key id is its instance's id, so a key that Clerk rotates keeps it
	 * (black-box run 340: the new key's tokens were refused until the keys' next refresh,
	 * minutes later). The first token signed with the new key is refused and starts a
	 * fetch of the keys in the background; once it has run, the new key's tokens are
	 * accepted and the old key's refused, the tokens verified before it included (review
	 * 342), machine JWTs as well as session tokens (review 349).
	 */
	@Test
	void aKeyRotatedUnderItsKeyIdIsTakenOnceATokenSignedWithItArrives() {
		this.clerk.addUser(ClerkData.user("user_rotated").email("rotated@example.com"));
		HttpTestClient api = HttpTestClient.api(this.port);
		String before = "Bearer " + this.clerk.tokens().token("user_rotated");
		assertThat(api.get("/api/me", "Authorization", before).status()).isEqualTo(200);
		String machineBefore = "Bearer " + this.clerk.tokens().m2mToken("mch_rotated").sign();
		assertThat(api.get("/machine/internal/sync", "Authorization", machineBefore).status()).isEqualTo(200);
		ClerkTestTokens rotated = ClerkTestTokens.forInstance(this.clerk.tokens().keyId());
		Map<String, Object> keySet = Map.of("keys", List.of(rotated.publicJwk().toJSONObject()));
		this.clerk.route("GET", "/v1/jwks", (request, groups) -> FakeClerkBackend.Response.json(200, keySet));
		try {
			String after = "Bearer " + this.clerk.tokens().session("user_rotated").signedBy(rotated).sign();
			Response first = api.get("/api/me", "Authorization", after);
			assertThat(first.status()).isEqualTo(401);
			assertThat(first.json().path("reason").asString()).isEqualTo("token-invalid-signature");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> api.get("/api/me", "Authorization", after).status() == 200);
			// Also the token verified before the rotation, which the verifier remembered:
			// no token stays accepted on a key Clerk no longer signs with.
			Response old = api.get("/api/me", "Authorization", before);
			assertThat(old.status()).isEqualTo(401);
			assertThat(old.json().path("reason").asString()).isEqualTo("token-invalid-signature");
			// Nor a machine JWT, remembered for the revocation interval (review 349).
			Response machineOld = api.get("/machine/internal/sync", "Authorization", machineBefore);
			assertThat(machineOld.status()).isEqualTo(401);
			assertThat(machineOld.json().path("reason").asString()).isEqualTo("token-invalid-signature");
		}
		finally {
			this.clerk.reset();
			// The rotated key is held: the next test starts as at a first start.
			this.keys.clear();
		}
	}

	/**
	 * The secret key goes to Clerk's Backend API only: a redirect of the key set's fetch
	 * to another origin is not followed, and that origin's keys are not taken.
	 */
	@Test
	void aRedirectOfTheKeySetsFetchIsNotFollowed() throws Exception {
		ClerkTestTokens other = ClerkTestTokens.generate();
		try (Elsewhere elsewhere = Elsewhere.start(other.jwksJson())) {
			this.clerk.route("GET", "/v1/jwks", (request, groups) -> new FakeClerkBackend.Response(301, null,
					Map.of("Location", elsewhere.url("/v1/jwks"))));
			this.clerk.clearRequests();
			Response response = HttpTestClient.api(this.port)
				.get("/api/me", "Authorization", "Bearer " + other.token("user_elsewhere"));
			assertThat(this.clerk.requests("GET", "/v1/jwks")).as("the key set was fetched").isNotEmpty();
			assertThat(elsewhere.authorizations()).as("requests that reached the other origin").isEmpty();
			assertThat(response.status()).isIn(401, 503);
		}
		finally {
			this.clerk.reset();
		}
	}

}
