package dev.clerkusers.samples.hybrid;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.security.WithClerkUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.clerkusers.test.security.ClerkRequestPostProcessors.bearerToken;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The JSON API in a {@code @WebMvcTest} slice: no database and no users table, but the
 * application's own security chain, Clerk's filter and argument resolvers, and the test
 * kit's {@code @WithClerkUser}. The organization service, which needs the database, is a
 * mock, as a slice test of the application's own would have it.
 */
@WebMvcTest(ApiController.class)
@Import(SecurityConfiguration.class)
@AutoConfigureFakeClerk
class ApiSliceTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	OrganizationService organizations;

	@Test
	void aRequestWithoutATokenIsUnauthorized() throws Exception {
		this.mvc.perform(get("/api/me")).andExpect(status().isUnauthorized());
	}

	@Test
	void aRequestWithAnInvalidTokenIsUnauthorized() throws Exception {
		this.mvc.perform(get("/api/me").with(bearerToken("not-a-jwt"))).andExpect(status().isUnauthorized());
	}

	@Test
	@WithClerkUser(value = "user_ada", email = "ada@example.com")
	void meReturnsTheSignedInUser() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.clerkId").value("user_ada"))
			.andExpect(jsonPath("$.email").value("ada@example.com"))
			.andExpect(jsonPath("$.organization").doesNotExist());
	}

	@Test
	@WithClerkUser(value = "user_ada", organizationId = "org_acme", organizationRole = "org:admin")
	void meReturnsTheActiveOrganizationAndRole() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.organization").value("org_acme"))
			.andExpect(jsonPath("$.role").value("org:admin"));
	}

}
