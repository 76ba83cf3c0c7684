package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake's email address endpoints change its own copy of a user, never the maps a test
 * gave it, and refuse a value that is no address, as Clerk does.
 */
class FakeClerkBackendEmailAddressTests {

	/**
	 * Black-box run 163, F5: the fake created a user, and added an address, with a value
	 * that is no email address, which Clerk refuses: a migration's test with bad
	 * addresses passed against the fake and failed against Clerk.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "not an email", "no-at-sign", "@example.com", "ada@", "ada@@example.com" })
	void anAddressThatIsNoneIsRefusedAsClerkRefusesIt(String email) throws Exception {
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			HttpResponse<String> created = post(clerk, "/users",
					"{\"email_address\": [\"" + email + "\"], \"skip_password_requirement\": true}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(422);
			assertThat(created.body()).contains("\"code\":\"form_param_format_invalid\"")
				.contains("\"param_name\":\"email_address\"");
			assertThat(clerk.users()).isEmpty();
			clerk.putUser(Map.of("id", "user_1", "object", "user", "email_addresses", List.of(), "updated_at", 1L));
			HttpResponse<String> added = post(clerk, "/email_addresses",
					"{\"user_id\": \"user_1\", \"email_address\": \"" + email + "\"}");
			assertThat(added.statusCode()).as(added.body()).isEqualTo(422);
			assertThat(added.body()).contains("\"code\":\"form_param_format_invalid\"");
		}
	}

	/**
	 * Review 301 F6: a user created through the Backend API has its addresses verified by
	 * an admin, as Clerk verifies them, not by an email code it never sent.
	 */
	@Test
	void theAddressesOfAUserCreatedThroughTheApiAreVerifiedByAnAdmin() throws Exception {
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			HttpResponse<String> created = post(clerk, "/users",
					"{\"email_address\": [\"ada@example.com\", \"ada2@example.com\"], \"skip_password_requirement\": true}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
			List<?> addresses = (List<?>) clerk.users().get(0).get("email_addresses");
			assertThat(addresses).hasSize(2).allSatisfy((address) -> {
				Map<?, ?> verification = (Map<?, ?>) ((Map<?, ?>) address).get("verification");
				assertThat(verification.get("object")).isEqualTo("verification_admin");
				assertThat(verification.get("status")).isEqualTo("verified");
				assertThat(verification.get("strategy")).isEqualTo("admin");
				assertThat(verification.containsKey("attempts") && verification.get("attempts") == null).isTrue();
			});
		}
	}

	private static HttpResponse<String> post(FakeClerkBackend clerk, String path, String json) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + path))
				.header("Authorization", "Bearer " + clerk.secretKey())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void markingAnAddressVerifiedAndPrimaryLeavesTheTestsMapsAsTheyWere() throws Exception {
		Map<String, Object> address = Map.of("id", "idn_2", "object", "email_address", "email_address",
				"second@example.com", "verification", Map.of("status", "unverified", "strategy", "email_code"));
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.putUser(Map.of("id", "user_1", "object", "user", "email_addresses", List.of(address),
					"primary_email_address_id", "idn_1", "updated_at", 1L));
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/email_addresses/idn_2"))
					.header("Authorization", "Bearer " + clerk.secretKey())
					.header("Content-Type", "application/json")
					.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"verified\":true,\"primary\":true}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).contains("\"status\":\"verified\"");
			assertThat(address.get("verification")).isEqualTo(Map.of("status", "unverified", "strategy", "email_code"));
		}
	}

}
