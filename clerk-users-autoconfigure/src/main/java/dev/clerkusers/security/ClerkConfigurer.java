package dev.clerkusers.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds Clerk session-token authentication to an {@link HttpSecurity}, beside whatever
 * else it configures:
 * <ul>
 * <li>{@link ClerkAuthenticationProvider} joins the chain's {@code ProviderManager} (the
 * form-login provider stays, as its parent);</li>
 * <li>{@link ClerkAuthenticationFilter} runs before the form-login filter;</li>
 * <li>requests with a bearer token, or whose token was refused, get
 * {@link ClerkAuthenticationEntryPoint}'s 401 and {@link ClerkAccessDeniedHandler}'s 403,
 * unless the application set entry points of its own; browser requests keep the login
 * page;</li>
 * <li>CSRF protection, when on, skips requests with a bearer header (a browser never adds
 * one by itself); requests authenticated by Clerk's session cookie keep it.</li>
 * </ul>
 * clerk-users applies it to every {@code HttpSecurity} through a
 * {@code Customizer<HttpSecurity>} bean; apply it yourself with
 * {@code http.with(configurer, Customizer.withDefaults())} only when building an
 * {@code HttpSecurity} outside Spring's container.
 */
public class ClerkConfigurer extends AbstractHttpConfigurer<ClerkConfigurer, HttpSecurity> {

	private final ClerkAuthenticationProvider provider;

	private final ClerkAuthenticationFilterFactory filterFactory;

	private final ClerkAuthenticationEntryPoint entryPoint = new ClerkAuthenticationEntryPoint();

	/**
	 * Creates a configurer.
	 * @param provider the authentication provider
	 * @param filterFactory creates the filter once the chain's authentication manager
	 * exists
	 */
	public ClerkConfigurer(ClerkAuthenticationProvider provider, ClerkAuthenticationFilterFactory filterFactory) {
		this.provider = provider;
		this.filterFactory = filterFactory;
	}

	@Override
	public void init(HttpSecurity http) {
		http.authenticationProvider(this.provider);
		RequestMatcher clerkRequests = ClerkConfigurer::isClerkRequest;
		ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
			.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptionHandling != null) {
			exceptionHandling.defaultAuthenticationEntryPointFor(this.entryPoint, clerkRequests);
			exceptionHandling.defaultAccessDeniedHandlerFor(new ClerkAccessDeniedHandler(),
					ClerkTokenResolver::hasBearerHeader);
		}
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(ClerkTokenResolver::hasBearerHeader);
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		AuthenticationManager manager = http.getSharedObject(AuthenticationManager.class);
		Assert.state(manager != null, "The filter chain has no AuthenticationManager");
		ClerkAuthenticationFilter filter = this.filterFactory.create(manager, this.entryPoint);
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
	}

	private static boolean isClerkRequest(HttpServletRequest request) {
		return ClerkTokenResolver.hasBearerHeader(request)
				|| request.getAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE) != null;
	}

	/**
	 * Creates the {@link ClerkAuthenticationFilter} of a chain.
	 */
	@FunctionalInterface
	public interface ClerkAuthenticationFilterFactory {

		/**
		 * Creates the filter.
		 * @param authenticationManager the chain's authentication manager
		 * @param entryPoint the entry point answering refused tokens
		 * @return the filter
		 */
		ClerkAuthenticationFilter create(AuthenticationManager authenticationManager,
				ClerkAuthenticationEntryPoint entryPoint);

	}

}
