package dev.clerkusers.it.reactive;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.security.WithClerkUser;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link WithClerkUser @WithClerkUser} on reactive method security: the authentication
 * that a request with a token of the user would get reaches Reactor's context (through
 * spring-security-test's {@code ReactorContextTestExecutionListener}), so that
 * {@code @PreAuthorize} on a {@code Mono}-returning method allows and refuses as it would
 * for a request; the user is stored in a real PostgreSQL.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import({ ReactiveSecurityConfiguration.class, ReactiveMethodSecurityTests.MethodSecurityConfiguration.class })
class ReactiveMethodSecurityTests {

	@Autowired
	ReportService reports;

	@Autowired
	ClerkUserRepository users;

	@Test
	@WithClerkUser(value = "user_staff", email = "staff@example.com", staff = true)
	void staffMayReadTheReport() {
		assertThat(this.reports.report().block()).isEqualTo("report for staff@example.com");
		assertThat(this.users.findByClerkId("user_staff"))
			.hasValueSatisfying((user) -> assertThat(user.isStaff()).isTrue());
	}

	@Test
	@WithClerkUser(value = "user_plain", email = "plain@example.com")
	void aUserWhoIsNotStaffIsRefused() {
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> this.reports.report().block());
	}

	@Test
	@WithClerkUser(value = "user_admin", organizationId = "org_acme", organizationRole = "admin")
	void anOrganizationAdminMayManageTheOrganization() {
		assertThat(this.reports.manage("org_acme").block()).isEqualTo("managed org_acme");
	}

	@Test
	@WithClerkUser(value = "user_member", organizationId = "org_acme", organizationRole = "member")
	void anOrganizationMemberMayNotManageIt() {
		assertThatExceptionOfType(AccessDeniedException.class)
			.isThrownBy(() -> this.reports.manage("org_acme").block());
	}

	@Test
	@WithClerkUser(value = "user_other", organizationId = "org_other", organizationRole = "admin")
	void anAdminOfAnotherOrganizationMayNotManageIt() {
		assertThatExceptionOfType(AccessDeniedException.class)
			.isThrownBy(() -> this.reports.manage("org_acme").block());
	}

	@Test
	void withoutAUserTheMethodIsRefused() {
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> this.reports.report().block());
	}

	/**
	 * Reactive method security, as an application enables it.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableReactiveMethodSecurity
	static class MethodSecurityConfiguration {

		@Bean
		ReportService reportService() {
			return new ReportService();
		}

	}

	/**
	 * A service secured with {@code @PreAuthorize} on methods that return a {@code Mono}.
	 */
	static class ReportService {

		@PreAuthorize("hasRole('STAFF')")
		Mono<String> report() {
			return ReactiveSecurityContextHolder.getContext()
				.map(SecurityContext::getAuthentication)
				.cast(ClerkAuthenticationToken.class)
				.map((authentication) -> "report for " + authentication.getUser().orElseThrow().getEmail());
		}

		@PreAuthorize("hasAuthority('org:admin') and authentication.organization.isPresent()"
				+ " and authentication.organization.get().id() == #organizationId")
		Mono<String> manage(String organizationId) {
			return Mono.just("managed " + organizationId);
		}

	}

}
