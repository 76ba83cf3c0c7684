package dev.clerkusers.it.reactive;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.security.WithClerkUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organizations in a {@code @WebFluxTest} slice, without a database: the organization
 * context argument and {@code @clerkOrganizations} come with the slice, as they do with
 * {@code @WebMvcTest}.
 */
@WebFluxTest(ReactiveOrganizationController.class)
@Import(ReactiveOrganizationConfiguration.class)
@AutoConfigureFakeClerk
@ExtendWith(OutputCaptureExtension.class)
class ReactiveOrganizationSliceTests {

	@Autowired
	WebTestClient client;

	@MockitoBean
	OrganizationService organizations;

	/**
	 * A slice has no users table, and the kit's annotation sets the signing secret: no
	 * warning tells the test's author to remove a secret they never set (black-box run
	 * 226).
	 */
	@Test
	void theTestKitsSigningSecretStartsTheSliceWithoutAWarning(CapturedOutput output) {
		assertThat(output).contains("Started ReactiveOrganizationSliceTests")
			.doesNotContain("clerk.webhook.signing-secrets has no effect");
	}

	@Test
	@WithClerkUser(value = "user_ada", organizationId = "org_acme", organizationRole = "org:admin")
	void theOrganizationContextComesFromTheSignedInUser() {
		this.client.get()
			.uri("/api/organizations/current")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.organizationId")
			.isEqualTo("org_acme")
			.jsonPath("$.role")
			.isEqualTo("org:admin");
	}

	@Test
	@WithClerkUser(value = "user_ada", organizationId = "org_acme", organizationRole = "org:admin")
	void anAdminMayChangeTheSettings() {
		this.client.get().uri("/api/organizations/settings").exchange().expectStatus().isOk();
	}

	@Test
	@WithClerkUser(value = "user_bob", organizationId = "org_acme", organizationRole = "org:member")
	void aMemberMayNot() {
		this.client.get().uri("/api/organizations/settings").exchange().expectStatus().isForbidden();
	}

}
