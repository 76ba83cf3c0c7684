package dev.clerkusers.it;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.FakeMachine;
import dev.clerkusers.test.backend.IssuedMachineToken;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static dev.clerkusers.test.security.ClerkMachineRequestPostProcessors.clerkApiKey;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Machine tokens in a {@code @WebMvcTest} slice, as machine-auth.md's testing section
 * sends them: an opaque one is verified by the fake Backend API there too. Black-box run
 * 237 F1: the slice had no Backend API client, so an opaque API key was answered 503
 * "clerk.secret-key is not set", with the key set by the kit.
 */
@WebMvcTest(TestController.class)
@AutoConfigureFakeClerk
@TestPropertySource(properties = "clerk.accepts-tokens=session_token,api_key,m2m_token")
class MachineTokenSliceTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	FakeClerkBackend clerk;

	@Test
	void anOpaqueApiKeyIsVerifiedByTheFakeBackendApi() throws Exception {
		this.mvc.perform(get("/partner/whoami").with(clerkApiKey("user_123", "reports:read")))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123"));
	}

	@Test
	void anOpaqueM2mTokenIsVerifiedByTheFakeBackendApi() throws Exception {
		FakeMachine sender = this.clerk.createMachine();
		IssuedMachineToken token = this.clerk.createM2mToken(sender, "mch_receiver");
		this.mvc.perform(get("/partner/whoami").header(HttpHeaders.AUTHORIZATION, token.bearer()))
			.andExpect(status().isOk())
			.andExpect(content().string(sender.id()));
	}

}
