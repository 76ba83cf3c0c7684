package dev.clerkusers.security;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.util.Assert;

/**
 * Form sign-ins that the database could not check: an outage, answered 503 like every
 * other failure of a service that authentication needs, never as a failed sign-in. The
 * form-login filter hands every {@code AuthenticationException} to its failure handler,
 * which sends the browser back to the login page as for a wrong password; so
 * {@link ClerkConfigurer} has that filter authenticate through a manager that lets a
 * {@link ClerkServiceUnavailableException} leave it as a
 * {@link ClerkSignInUnavailableException}, which {@link ClerkAuthenticationFilter},
 * before it in the chain, answers.
 */
final class FormSignInOutages {

	private FormSignInOutages() {
	}

	/**
	 * Has a chain's form-login filter raise its outages as
	 * {@link ClerkSignInUnavailableException}. It runs before the application's own
	 * post-processors of that filter: one that gives the filter a manager of its own
	 * (Spring Security's way to do so) replaces this one's, and decides.
	 * @param http the chain, whose shared {@code AuthenticationManager} the filter uses
	 * @return the post-processor of the chain's form-login filter
	 */
	static ObjectPostProcessor<UsernamePasswordAuthenticationFilter> raisedPastTheForm(HttpSecurity http) {
		return new FirstObjectPostProcessor() {

			@Override
			public <O extends UsernamePasswordAuthenticationFilter> O postProcess(O filter) {
				AuthenticationManager manager = http.getSharedObject(AuthenticationManager.class);
				Assert.state(manager != null, "The filter chain has no AuthenticationManager");
				filter.setAuthenticationManager((authentication) -> {
					try {
						return manager.authenticate(authentication);
					}
					catch (AuthenticationException ex) {
						ClerkServiceUnavailableException unavailable = unavailable(ex);
						if (unavailable != null) {
							throw new ClerkSignInUnavailableException(unavailable);
						}
						throw ex;
					}
				});
				return filter;
			}

		};
	}

	/**
	 * A post-processor of the form-login filter ordered first among those of its
	 * configurer.
	 */
	private abstract static class FirstObjectPostProcessor
			implements ObjectPostProcessor<UsernamePasswordAuthenticationFilter>, Ordered {

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/**
	 * The outage behind a failed sign-in: Spring's {@code DaoAuthenticationProvider}
	 * wraps what the {@code UserDetailsService} raised.
	 */
	private static @Nullable ClerkServiceUnavailableException unavailable(AuthenticationException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClerkServiceUnavailableException unavailable) {
				return unavailable;
			}
		}
		return null;
	}

}
