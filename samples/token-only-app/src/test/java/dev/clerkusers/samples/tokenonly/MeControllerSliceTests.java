package dev.clerkusers.samples.tokenonly;

import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.security.WithClerkUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import static dev.clerkusers.test.security.ClerkRequestPostProcessors.clerkUser;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The controller in a {@code @WebMvcTest} slice, with real signed tokens through the test
 * kit's {@code clerkUser()} and with {@code @WithClerkUser}.
 */
@WebMvcTest(MeController.class)
@Import(SecurityConfiguration.class)
@AutoConfigureFakeClerk
class MeControllerSliceTests {

	@Autowired
	MockMvc mvc;

	@Test
	void aSignedTokenIsVerifiedInTheSlice() throws Exception {
		this.mvc.perform(get("/api/me").with(clerkUser("user_ada")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("user_ada"));
	}

	@Test
	void anExpiredTokenIsUnauthorized() throws Exception {
		this.mvc.perform(get("/api/me").with(clerkUser("user_ada").token((token) -> token.expired())))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void organizationAdminsMayReadTheSettings() throws Exception {
		this.mvc
			.perform(get("/api/organization/settings")
				.with(clerkUser("user_ada").token((token) -> token.organization("org_acme", "acme", "org:admin"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value("org_acme"));
		this.mvc
			.perform(get("/api/organization/settings")
				.with(clerkUser("user_grace").token((token) -> token.organization("org_acme", "acme", "org:member"))))
			.andExpect(status().isForbidden());
	}

	@Test
	@WithClerkUser(value = "user_ada", organizationId = "org_acme", organizationRole = "org:admin")
	void withClerkUserThePrincipalIsTheClaims() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("user_ada"))
			.andExpect(jsonPath("$.organization.role").value("org:admin"));
	}

}
