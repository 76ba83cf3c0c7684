package dev.clerkusers.it.kit;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import static dev.clerkusers.test.security.ClerkMachineRequestPostProcessors.clerkApiKey;
import static dev.clerkusers.test.security.ClerkMachineRequestPostProcessors.clerkM2mToken;
import static dev.clerkusers.test.security.ClerkMachineRequestPostProcessors.clerkOAuthToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The kit's machine-request post-processors, used as an application's tests would use
 * them, on an application that accepts API keys beside session tokens on every chain
 * ({@code clerk.accepts-tokens}) and nothing else.
 */
@SpringBootTest(classes = TestApplication.class, properties = "clerk.accepts-tokens=session_token,api_key")
@AutoConfigureMockMvc
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(AppSecurityConfiguration.class)
class MachineRequestPostProcessorsTests {

	@Autowired
	MockMvc mockMvc;

	@Autowired
	FakeClerkBackend clerk;

	@Test
	void anApiKeyIssuedByTheFakeIsAcceptedWhereThePropertyOptsIn() throws Exception {
		this.clerk.clearRequests();
		this.mockMvc.perform(get("/public/hello").with(clerkApiKey("org_acme", "reports:read")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.signedIn").value(true))
			.andExpect(jsonPath("$.name").value("org_acme"));
		assertThat(this.clerk.verifyCalls("/api_keys/verify")).hasSize(1);
	}

	@Test
	void typesThePropertyDoesNotListAreRefused() throws Exception {
		this.mockMvc.perform(get("/public/hello").with(clerkM2mToken("mch_sender", "mch_receiver")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.reason").value("token-type-mismatch"));
		this.mockMvc.perform(get("/public/hello").with(clerkOAuthToken("user_1", "calendar:read")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.reason").value("token-type-mismatch"));
	}

}
