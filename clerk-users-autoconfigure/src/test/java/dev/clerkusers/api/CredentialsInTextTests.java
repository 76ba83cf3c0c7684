package dev.clerkusers.api;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box run 312 F3: the records that carry a credential printed it in their text, so
 * that a request or a result logged wrote a password, a hash or a one-time sign-in ticket
 * to the log, where the library keeps secrets out of the texts of its users and events.
 * Each names whether it has one, never its value.
 */
class CredentialsInTextTests {

	@Test
	void aUserRequestNamesNoPasswordHashOrPrivateMetadata() {
		CreateUserRequest request = CreateUserRequest.withEmail("ada@example.com")
			.withPassword("correct horse battery staple")
			.withMetadata(null, Map.of("api_secret", "s3cr3t"));
		assertThat(request.toString()).contains("ada@example.com")
			.doesNotContain("correct horse battery staple")
			.doesNotContain("s3cr3t");
		CreateUserRequest imported = CreateUserRequest.withEmail("bob@example.com")
			.withPasswordDigest("$2a$10$abcdefghijklmnopqrstuv", "bcrypt");
		assertThat(imported.toString()).doesNotContain("$2a$10$abcdefghijklmnopqrstuv").contains("bcrypt");
	}

	@Test
	void aSignInTokenAndTheAccessItGivesNameNoTicket() {
		SignInTokenResource token = new SignInTokenResource("sit_1", "user_1", "ticket-s3cr3t", "pending",
				"https://accounts.example.com/sign-in?__clerk_ticket=ticket-s3cr3t");
		assertThat(token.toString()).contains("sit_1").contains("user_1").doesNotContain("ticket-s3cr3t");
		ProvisionedAccess access = new ProvisionedAccess(
				ClerkResource.read(tools.jackson.databind.json.JsonMapper.shared()
					.readTree("{\"id\": \"user_1\", \"email_addresses\": []}"), UserResource.class),
				true, token, "https://app.example.com/sign-in?__clerk_ticket=ticket-s3cr3t");
		assertThat(access.toString()).contains("user_1").doesNotContain("ticket-s3cr3t");
		assertThat(List.of(access.link(), token.token())).allMatch((value) -> value.contains("ticket-s3cr3t"));
	}

}
