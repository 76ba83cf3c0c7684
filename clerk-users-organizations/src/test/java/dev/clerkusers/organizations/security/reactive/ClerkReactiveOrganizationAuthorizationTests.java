package dev.clerkusers.organizations.security.reactive;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;

import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.ACME_MEMBER;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.SESSION;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.SESSION_IN_ACME;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link ClerkReactiveOrganizationAuthorization}, as the reactive
 * {@code @clerkOrganizations} bean (read from the subscriber's security context) and as
 * reactive authorization managers: each grants on the active organization only, and
 * refuses when there is none or no authentication at all.
 */
class ClerkReactiveOrganizationAuthorizationTests {

	private final ClerkReactiveOrganizationAuthorization organizations = new ClerkReactiveOrganizationAuthorization();

	@Test
	void theRulesReadTheActiveOrganizationOfTheSubscribersSecurityContext() {
		Authentication admin = token(SESSION_IN_ACME, SESSION_IN_ACME.organization().orElseThrow());
		assertThat(as(admin, this.organizations.inOrganization())).isTrue();
		assertThat(as(admin, this.organizations.inOrganization("org_acme"))).isTrue();
		assertThat(as(admin, this.organizations.inOrganization("acme"))).isTrue();
		assertThat(as(admin, this.organizations.inOrganization("org_other"))).isFalse();
		assertThat(as(admin, this.organizations.hasRole("admin"))).isTrue();
		assertThat(as(admin, this.organizations.hasRole("member"))).isFalse();
		assertThat(as(admin, this.organizations.hasAnyRole("member", "admin"))).isTrue();
		assertThat(as(admin, this.organizations.hasAnyRole("member", "owner"))).isFalse();
		assertThat(as(admin, this.organizations.hasPermission("org:billing:manage"))).isTrue();
		assertThat(as(admin, this.organizations.hasPermission("org:billing:read"))).isFalse();
	}

	@Test
	void withoutAnActiveOrganizationEveryRuleRefuses() {
		Authentication withoutOrganization = token(SESSION, null);
		assertThat(as(withoutOrganization, this.organizations.inOrganization())).isFalse();
		assertThat(as(withoutOrganization, this.organizations.hasRole("admin"))).isFalse();
		assertThat(as(withoutOrganization, this.organizations.hasAnyRole("admin", "member"))).isFalse();
		assertThat(as(withoutOrganization, this.organizations.hasPermission("billing:manage"))).isFalse();
		assertThat(as(withoutOrganization, this.organizations.inOrganization("org_acme"))).isFalse();
	}

	@Test
	void anAuthenticationThatIsNotClerksIsRefused() {
		Authentication staff = new TestingAuthenticationToken("staff", "secret", "org:admin");
		assertThat(as(staff, this.organizations.hasRole("admin"))).isFalse();
		assertThat(as(staff, this.organizations.inOrganization())).isFalse();
	}

	@Test
	void withoutASecurityContextEveryRuleAnswersFalseRatherThanNothing() {
		StepVerifier.create(this.organizations.hasRole("admin")).expectNext(false).verifyComplete();
		StepVerifier.create(this.organizations.inOrganization()).expectNext(false).verifyComplete();
	}

	@Test
	void authorizationManagersGrantOnTheActiveOrganization() {
		Authentication member = token(SESSION, ACME_MEMBER);
		Authentication withoutOrganization = token(SESSION, null);
		assertThat(decide(ClerkReactiveOrganizationAuthorization.hasOrganizationRole("member"), Mono.just(member)))
			.isTrue();
		assertThat(decide(ClerkReactiveOrganizationAuthorization.hasOrganizationRole("admin"), Mono.just(member)))
			.isFalse();
		assertThat(decide(ClerkReactiveOrganizationAuthorization.hasOrganizationPermission("projects:read"),
				Mono.just(member)))
			.isTrue();
		assertThat(decide(ClerkReactiveOrganizationAuthorization.hasOrganizationPermission("projects:write"),
				Mono.just(member)))
			.isFalse();
		assertThat(decide(ClerkReactiveOrganizationAuthorization.inActiveOrganization(), Mono.just(member))).isTrue();
		assertThat(
				decide(ClerkReactiveOrganizationAuthorization.inActiveOrganization(), Mono.just(withoutOrganization)))
			.isFalse();
		assertThat(decide(ClerkReactiveOrganizationAuthorization.inActiveOrganization(), Mono.empty())).isFalse();
	}

	private static boolean as(Authentication authentication, Mono<Boolean> check) {
		Boolean granted = check.contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication)).block();
		assertThat(granted).as("a check always answers").isNotNull();
		return granted;
	}

	private static boolean decide(ReactiveAuthorizationManager<Object> manager, Mono<Authentication> authentication) {
		AuthorizationResult result = manager.authorize(authentication, new Object()).block();
		assertThat(result).as("a manager always decides").isNotNull();
		return result.isGranted();
	}

}
