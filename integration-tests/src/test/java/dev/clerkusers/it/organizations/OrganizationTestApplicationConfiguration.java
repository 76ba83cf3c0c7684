package dev.clerkusers.it.organizations;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;
import dev.clerkusers.organizations.webhook.InvitationAcceptedEvent;
import dev.clerkusers.organizations.webhook.InvitationCreatedEvent;
import dev.clerkusers.organizations.webhook.InvitationRevokedEvent;
import dev.clerkusers.organizations.webhook.MembershipCreatedEvent;
import dev.clerkusers.organizations.webhook.MembershipDeletedEvent;
import dev.clerkusers.organizations.webhook.MembershipUpdatedEvent;
import dev.clerkusers.organizations.webhook.OrganizationCreatedEvent;
import dev.clerkusers.organizations.webhook.OrganizationDeletedEvent;
import dev.clerkusers.organizations.webhook.OrganizationUpdatedEvent;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An application using the organizations module as its users would: method security with
 * the {@code clerkOrganizations} helper, a request rule with an organization permission,
 * and controllers reading the organization context.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableMethodSecurity
class OrganizationTestApplicationConfiguration {

	@Bean
	SecurityFilterChain organizationAppSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/billing/**")
			.access(ClerkOrganizationAuthorization.hasOrganizationPermission("org:billing:manage"))
			.anyRequest()
			.authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	OrganizationEventRecorder organizationEventRecorder() {
		return new OrganizationEventRecorder();
	}

	/**
	 * Records the module's events once their transaction committed.
	 */
	static class OrganizationEventRecorder {

		final List<Object> events = new CopyOnWriteArrayList<>();

		@TransactionalEventListener
		void created(OrganizationCreatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void updated(OrganizationUpdatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void membershipCreated(MembershipCreatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void deleted(OrganizationDeletedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void membershipUpdated(MembershipUpdatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void membershipDeleted(MembershipDeletedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void invitationCreated(InvitationCreatedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void invitationAccepted(InvitationAcceptedEvent event) {
			this.events.add(event);
		}

		@TransactionalEventListener
		void invitationRevoked(InvitationRevokedEvent event) {
			this.events.add(event);
		}

	}

}
