package dev.clerkusers.security.reactive;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.AbstractValidatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClerkReactiveUserDetailsService}: an unknown email costs a password
 * check, as a staff account's does, so that the time of a failed sign-in does not tell
 * which emails have a password.
 */
class ClerkReactiveUserDetailsServiceTests {

	private final CountingPasswordEncoder encoder = new CountingPasswordEncoder();

	@Test
	void anUnknownEmailIsEmptyAndCostsAPasswordCheck() {
		ClerkReactiveUserDetailsService service = service(null);
		service.setPasswordEncoder(this.encoder);
		assertThat(service.findByUsername("nobody@example.com").blockOptional()).isEmpty();
		assertThat(service.findByUsername("nobody@example.com").blockOptional()).isEmpty();
		assertThat(this.encoder.checks).as("one check in vain per unknown email").hasValue(2);
	}

	@Test
	void aKnownEmailIsFoundAndLeavesItsCheckToTheSignIn() {
		UserDetails staff = User.withUsername("boss@example.com").password("{noop}secret").roles("STAFF").build();
		ClerkReactiveUserDetailsService service = service(staff);
		service.setPasswordEncoder(this.encoder);
		assertThat(service.findByUsername("boss@example.com").block()).isSameAs(staff);
		assertThat(this.encoder.checks).hasValue(0);
	}

	@Test
	void withoutAnEncoderAnUnknownEmailIsEmpty() {
		assertThat(service(null).findByUsername("nobody@example.com").blockOptional()).isEmpty();
	}

	private static ClerkReactiveUserDetailsService service(@Nullable UserDetails known) {
		ClerkReactiveUserDetailsService service = new ClerkReactiveUserDetailsService((username) -> {
			if (known != null && known.getUsername().equals(username)) {
				return known;
			}
			throw new UsernameNotFoundException("no user " + username);
		});
		service.setScheduler(Schedulers.immediate());
		return service;
	}

	/**
	 * The delegating encoder that form login uses by default, counting the checks it
	 * really makes: as Spring Security's own encoders, it refuses an empty password
	 * without hashing it.
	 */
	static final class CountingPasswordEncoder extends AbstractValidatingPasswordEncoder {

		final AtomicInteger checks = new AtomicInteger();

		private final PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();

		@Override
		protected String encodeNonNullPassword(String rawPassword) {
			return this.delegate.encode(rawPassword);
		}

		@Override
		protected boolean matchesNonNull(String rawPassword, String encodedPassword) {
			this.checks.incrementAndGet();
			return this.delegate.matches(rawPassword, encodedPassword);
		}

	}

}
