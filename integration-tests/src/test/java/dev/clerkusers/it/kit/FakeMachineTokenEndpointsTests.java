package dev.clerkusers.it.kit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.FakeMachine;
import dev.clerkusers.test.backend.IssuedMachineToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The fake Backend API issues, verifies and revokes API keys, M2M and OAuth tokens over
 * real HTTP, with the bodies, paths (with or without {@code /v1}) and keys Clerk's
 * specification gives.
 */
class FakeMachineTokenEndpointsTests {

	private static final FakeClerkBackend clerk = FakeClerkBackend.start();

	private static final HttpClient http = HttpClient.newHttpClient();

	@AfterAll
	static void stop() {
		clerk.close();
	}

	@Test
	void anApiKeyCreatedOverHttpVerifiesUntilItIsRevoked() throws Exception {
		Result created = post("/v1/api_keys", clerk.secretKey(),
				"{\"name\":\"ci\",\"subject\":\"user_1\",\"scopes\":[\"reports:read\"]}");
		assertThat(created.status()).isEqualTo(200);
		String secret = created.json().path("secret").asString();
		String id = created.json().path("id").asString();
		assertThat(secret).startsWith("ak_");
		assertThat(id).matches("ak_[0-9a-f]{32}");
		Result verified = post("/api_keys/verify", clerk.secretKey(), "{\"secret\":\"" + secret + "\"}");
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("object").asString()).isEqualTo("api_key");
		assertThat(verified.json().path("subject").asString()).isEqualTo("user_1");
		assertThat(verified.json().has("secret")).isFalse();
		assertThat(post("/v1/api_keys/" + id + "/revoke", clerk.secretKey(), "{\"revocation_reason\":null}").status())
			.isEqualTo(200);
		assertThat(post("/v1/api_keys/verify", clerk.secretKey(), "{\"secret\":\"" + secret + "\"}").status())
			.isEqualTo(404);
	}

	/**
	 * Review of 979bf08: the library refuses a verify answer whose subject no token of
	 * its type can have, so the fake refuses to issue such a token, as Clerk does,
	 * instead of issuing one the library then refuses as not confirmed.
	 */
	@Test
	void aTokenForASubjectClerkRefusesIsNotIssued() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> clerk.createApiKey("service-a"))
			.withMessageContaining("'service-a' is refused");
		assertThatIllegalArgumentException().isThrownBy(() -> clerk.createOAuthToken("mch_1", "client_1"))
			.withMessageContaining("'mch_1' is refused");
		assertThat(post("/v1/api_keys", clerk.secretKey(), "{\"name\":\"svc\",\"subject\":\"svc\"}").status())
			.isEqualTo(422);
		assertThat(clerk.createApiKey("mch_1").secret()).startsWith("ak_");
	}

	/**
	 * Black-box run 199: the library refuses a verify answer with an empty scope or one
	 * holding whitespace, so the fake refuses to issue a token with one.
	 */
	@Test
	void aTokenWithAnEmptyScopeOrOneWithWhitespaceIsNotIssued() throws Exception {
		for (String scope : new String[] { "", " ", "read write" }) {
			assertThatIllegalArgumentException().as(scope)
				.isThrownBy(() -> clerk.createApiKey("user_1", "read", scope))
				.withMessageContaining("'" + scope + "' is refused");
			assertThatIllegalArgumentException().as(scope)
				.isThrownBy(() -> clerk.createOAuthToken("user_1", "client_1", scope))
				.withMessageContaining("'" + scope + "' is refused");
		}
		assertThat(post("/v1/api_keys", clerk.secretKey(),
				"{\"name\":\"svc\",\"subject\":\"user_1\",\"scopes\":[\"a b\"]}")
			.status()).isEqualTo(422);
	}

	/**
	 * Black-box run 198, F1: revoking (or expiring) by a token's secret rather than its
	 * id, both {@code ak_…}, or by an id never issued, did nothing and said nothing, so
	 * the test then blamed the application for accepting a key it thought revoked.
	 */
	@Test
	void revokingOrExpiringATokenNeverIssuedIsRefused() throws Exception {
		IssuedMachineToken key = clerk.createApiKey("user_1");
		assertThatIllegalArgumentException().isThrownBy(() -> clerk.revokeMachineToken(key.secret()))
			.withMessageContaining("is the secret of " + key.id())
			.withMessageContaining("id()");
		assertThatIllegalArgumentException().isThrownBy(() -> clerk.expireMachineToken(key.secret()))
			.withMessageContaining("is the secret of " + key.id());
		assertThatIllegalArgumentException().isThrownBy(() -> clerk.revokeMachineToken("ak_doesnotexist"))
			.withMessageContaining("'ak_doesnotexist'");
		assertThatIllegalArgumentException().isThrownBy(() -> clerk.expireMachineToken("ak_doesnotexist"))
			.withMessageContaining("'ak_doesnotexist'");
		assertThat(post("/v1/api_keys/verify", clerk.secretKey(), "{\"secret\":\"" + key.secret() + "\"}").status())
			.isEqualTo(200);
		clerk.revokeMachineToken(key.id());
		assertThat(post("/v1/api_keys/verify", clerk.secretKey(), "{\"secret\":\"" + key.secret() + "\"}").status())
			.isEqualTo(404);
	}

	@Test
	void verifyingNeedsTheInstancesSecretKey() throws Exception {
		IssuedMachineToken key = clerk.createApiKey("org_1");
		assertThat(post("/v1/api_keys/verify", "sk_test_wrong", "{\"secret\":\"" + key.secret() + "\"}").status())
			.isEqualTo(401);
		assertThat(post("/v1/api_keys/verify", clerk.secretKey(), "{\"secret\":\"ak_unknown\"}").status())
			.isEqualTo(404);
	}

	@Test
	void anM2mTokenVerifiesWithTheReceivingMachinesKeyOnly() throws Exception {
		FakeMachine sender = clerk.createMachine();
		FakeMachine receiver = clerk.createMachine();
		FakeMachine stranger = clerk.createMachine();
		IssuedMachineToken token = clerk.createM2mToken(sender, receiver.id());
		String body = "{\"token\":\"" + token.secret() + "\"}";
		Result verified = post("/m2m_tokens/verify", receiver.secretKey(), body);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("subject").asString()).isEqualTo(sender.id());
		assertThat(post("/m2m_tokens/verify", stranger.secretKey(), body).status()).isEqualTo(404);
		assertThat(post("/v1/m2m_tokens/verify", clerk.secretKey(), body).status()).isEqualTo(200);
		assertThat(post("/v1/users/count", receiver.secretKey(), "").status()).isEqualTo(401);
		Result created = post("/m2m_tokens", sender.secretKey(), "{}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().path("token").asString()).startsWith("mt_");
	}

	@Test
	void anOAuthTokenVerifiesUntilItsGrantIsRevokedOrItExpires() throws Exception {
		IssuedMachineToken token = clerk.createOAuthToken("user_1", "client_1", "email", "profile");
		String body = "{\"access_token\":\"" + token.secret() + "\"}";
		Result verified = post("/oauth_applications/access_tokens/verify", clerk.secretKey(), body);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("client_id").asString()).isEqualTo("client_1");
		assertThat(verified.json().path("scopes").toString()).isEqualTo("[\"email\",\"profile\"]");
		assertThat(post("/v1/oauth_applications/client_1/revoke_token", clerk.secretKey(),
				"{\"token\":\"" + token.secret() + "\"}")
			.status()).isEqualTo(204);
		assertThat(post("/oauth_applications/access_tokens/verify", clerk.secretKey(), body).status()).isEqualTo(404);
		IssuedMachineToken other = clerk.createOAuthToken("user_1", "client_1");
		clerk.expireMachineToken(other.id());
		assertThat(post("/oauth_applications/access_tokens/verify", clerk.secretKey(),
				"{\"access_token\":\"" + other.secret() + "\"}")
			.status()).isEqualTo(404);
	}

	private static Result post(String path, String key, String body) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(clerk.baseUrl() + path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		return new Result(response.statusCode(), response.body());
	}

	private record Result(int status, String body) {

		JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

	}

}
