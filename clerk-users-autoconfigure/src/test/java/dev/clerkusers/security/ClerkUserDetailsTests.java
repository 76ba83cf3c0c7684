package dev.clerkusers.security;

import java.time.Instant;
import java.util.List;

import dev.clerkusers.user.ClerkUser;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.session.InMemoryReactiveSessionRegistry;
import org.springframework.security.core.session.ReactiveSessionInformation;
import org.springframework.security.core.session.SessionRegistryImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClerkUserDetails}.
 */
class ClerkUserDetailsTests {

	/**
	 * Spring Security's session registry counts a principal's sessions by the principal's
	 * equality. Details without it made each form login a principal of its own, so
	 * {@code maximumSessions(n)} never counted a staff account's second sign-in.
	 */
	@Test
	void twoSignInsOfOneUserAreOnePrincipalToTheSessionRegistry() {
		ClerkUser user = user();
		ClerkUserDetails first = new ClerkUserDetails(user, List.of(new SimpleGrantedAuthority("ROLE_STAFF")));
		ClerkUserDetails second = new ClerkUserDetails(user, List.of());
		SessionRegistryImpl registry = new SessionRegistryImpl();
		registry.registerNewSession("session-1", first);
		registry.registerNewSession("session-2", second);
		assertThat(registry.getAllSessions(second, false)).hasSize(2);
		assertThat(registry.getAllPrincipals()).hasSize(1);
	}

	/**
	 * WebFlux's registry ({@code concurrentSessions(…)}) keys sessions by principal too.
	 */
	@Test
	void twoSignInsOfOneUserAreOnePrincipalToTheReactiveSessionRegistry() {
		ClerkUser user = user();
		InMemoryReactiveSessionRegistry registry = new InMemoryReactiveSessionRegistry();
		Instant now = Instant.now();
		registry
			.saveSessionInformation(
					new ReactiveSessionInformation(new ClerkUserDetails(user, List.of()), "session-1", now))
			.block();
		registry
			.saveSessionInformation(
					new ReactiveSessionInformation(new ClerkUserDetails(user, List.of()), "session-2", now))
			.block();
		assertThat(registry.getAllSessions(new ClerkUserDetails(user, List.of())).collectList().block()).hasSize(2);
	}

	@Test
	void theUserAsStoredLaterIsTheSamePrincipalAndAnotherUserIsNot() {
		ClerkUser user = user();
		ClerkUserDetails details = new ClerkUserDetails(user, List.of());
		ClerkUserDetails renamed = details.withUser(user);
		assertThat(renamed).isEqualTo(details).hasSameHashCodeAs(details);
		ClerkUser other = user();
		assertThat(new ClerkUserDetails(other, List.of())).isNotEqualTo(details);
	}

	@Test
	void detailsAreNotEqualToTheirUserWhichIsTheClerkSignInsPrincipal() {
		ClerkUser user = user();
		ClerkUserDetails details = new ClerkUserDetails(user, List.of());
		assertThat(details).isNotEqualTo(user);
		assertThat(user).isNotEqualTo(details);
	}

	/**
	 * A user, as the users table would give it: the entity's constructor is JPA's.
	 */
	private static ClerkUser user() {
		return new ClerkUser() {
		};
	}

}
