package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake's email address endpoints change its own copy of a user, never the maps a test
 * gave it.
 */
class FakeClerkBackendEmailAddressTests {

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
