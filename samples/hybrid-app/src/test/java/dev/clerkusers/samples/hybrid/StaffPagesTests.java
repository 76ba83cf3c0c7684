package dev.clerkusers.samples.hybrid;

import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static dev.clerkusers.samples.hybrid.StaffAccounts.CUSTOMER;
import static dev.clerkusers.samples.hybrid.StaffAccounts.PASSWORD;
import static dev.clerkusers.samples.hybrid.StaffAccounts.STAFF;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The staff pages behind form login, with accounts made by {@link ClerkUserService}.
 */
@HybridApplicationTest
class StaffPagesTests {

	static final String STAFF_ONLY = "staff-only@example.com";

	@Autowired
	MockMvc mvc;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserAccounts accounts;

	@BeforeEach
	void accounts() {
		new StaffAccounts(this.users, this.accounts).ensure();
	}

	@Test
	void staffSignInWithTheFormAndSeeTheUsersTable() throws Exception {
		MockHttpSession session = (MockHttpSession) this.mvc.perform(formLogin("/login").user(STAFF).password(PASSWORD))
			.andExpect(authenticated().withUsername(STAFF))
			.andExpect(redirectedUrl("/staff/users"))
			.andReturn()
			.getRequest()
			.getSession();
		this.mvc.perform(get("/staff/users").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("ada@example.com")))
			.andExpect(content().string(containsString("grace@example.com")));
	}

	@Test
	void theUsersTableSearches() throws Exception {
		MockHttpSession session = signIn();
		this.mvc.perform(get("/staff/users").param("q", "grace").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("grace@example.com")))
			.andExpect(content().string(not(containsString("ada@example.com"))));
	}

	@Test
	void aWrongPasswordIsRefused() throws Exception {
		this.mvc.perform(formLogin("/login").user(STAFF).password("wrong"))
			.andExpect(unauthenticated())
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void staffPagesAnswerUnauthorizedToAnonymousApiClients() throws Exception {
		this.mvc.perform(get("/staff/users").accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
	}

	@Test
	void staffPagesRedirectAnonymousBrowsersToTheLoginPage() throws Exception {
		this.mvc.perform(get("/staff/users").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
	}

	@Test
	void anAccountThatIsNotStaffCannotSeeTheStaffPages() throws Exception {
		MockHttpSession session = (MockHttpSession) this.mvc
			.perform(formLogin("/login").user(CUSTOMER).password(PASSWORD))
			.andExpect(authenticated())
			.andReturn()
			.getRequest()
			.getSession();
		this.mvc.perform(get("/staff/users").session(session)).andExpect(status().isForbidden());
	}

	@Test
	void organizationsAndWebhookPagesRenderForStaff() throws Exception {
		MockHttpSession session = signIn();
		this.mvc.perform(get("/staff/organizations").session(session)).andExpect(status().isOk());
		this.mvc.perform(get("/staff/webhooks").session(session)).andExpect(status().isOk());
	}

	@Test
	void staffSeeTheLibrarysHealthAndMetrics() throws Exception {
		MockHttpSession session = signIn();
		this.mvc.perform(get("/staff/health").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("webhooks")))
			.andExpect(content().string(containsString("invalidation")))
			.andExpect(content().string(containsString("connected: true")));
		this.mvc.perform(get("/actuator/health").session(session))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.clerk.components.webhooks.status").value("UP"))
			.andExpect(jsonPath("$.components.clerk.components.invalidation.details.connected").value(true));
		this.mvc.perform(get("/actuator/metrics").session(session))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.names").isArray());
	}

	@Test
	void staffReadTheOperatorEndpointsAndOnlySuperusersRunOperations() throws Exception {
		ClerkUser staffOnly = new StaffAccounts(this.users, this.accounts).ensure(STAFF_ONLY, null, PASSWORD);
		this.accounts.setRoles(staffOnly.getUid(), true, false);
		MockHttpSession staff = signIn(STAFF_ONLY);
		this.mvc.perform(get("/actuator/clerkwebhooks").session(staff)).andExpect(status().isOk());
		this.mvc.perform(postJson("/actuator/clerksync", "{\"reconcile\": true, \"force\": true}", staff))
			.andExpect(status().isForbidden());
		this.mvc.perform(postJson("/actuator/clerkwebhooks", "{}", staff)).andExpect(status().isForbidden());
		this.mvc.perform(delete("/actuator/clerkwebhooks/msg_1").with(csrf()).session(staff))
			.andExpect(status().isForbidden());
		this.mvc.perform(postJson("/actuator/clerksync", "{\"dryRun\": true}", signIn(STAFF)))
			.andExpect(status().isOk());
	}

	private static MockHttpServletRequestBuilder postJson(String path, String body, MockHttpSession session) {
		return post(path).with(csrf()).session(session).contentType(MediaType.APPLICATION_JSON).content(body);
	}

	@Test
	void logoutReturnsToTheLoginPage() throws Exception {
		MockHttpSession session = signIn();
		this.mvc.perform(post("/logout").with(csrf()).session(session)).andExpect(redirectedUrl("/login?logout"));
	}

	private MockHttpSession signIn() throws Exception {
		return signIn(STAFF);
	}

	private MockHttpSession signIn(String email) throws Exception {
		return (MockHttpSession) this.mvc.perform(formLogin("/login").user(email).password(PASSWORD))
			.andExpect(authenticated())
			.andReturn()
			.getRequest()
			.getSession();
	}

}
