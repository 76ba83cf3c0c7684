package dev.clerkusers.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the sign-ins kept in the HTTP session on a filter chain that turns Clerk off
 * ({@code with(ClerkConfigurer.clerk(), AbstractHttpConfigurer::disable)}), as
 * {@link ClerkConfigurer} does on its own chains: a staff member's form login follows the
 * users table ({@link ClerkFormLoginSecurityContextRepository}); in session mode a Clerk
 * sign-in ends with its Clerk session or its user
 * ({@link ClerkSessionSecurityContextRepository}), and outside it none is read from the
 * session, where nothing would check it. A sign-in that cannot be checked (the database
 * failed) is answered 503 with {@code Retry-After}, and stays in the session for the next
 * request. A chain of another identity provider that shares the HTTP session would
 * otherwise take a sign-in that the library has ended elsewhere as it was stored.
 * <p>
 * clerk-users applies it to every filter chain with a {@code Customizer<HttpSecurity>}
 * bean, beside {@link ClerkConfigurer}. It does nothing on a chain where Clerk is on;
 * without the users table, it only keeps Clerk sign-ins out; turn it off on a chain with
 * {@code with(ClerkStoredSignInsConfigurer.storedSignIns(), AbstractHttpConfigurer::disable)}.
 */
public final class ClerkStoredSignInsConfigurer
		extends AbstractHttpConfigurer<ClerkStoredSignInsConfigurer, HttpSecurity> {

	private boolean checks;

	private ClerkStoredSignInsConfigurer() {
	}

	/**
	 * A configurer of the stored sign-ins, for {@code HttpSecurity.with(…)}.
	 * @return the configurer
	 */
	public static ClerkStoredSignInsConfigurer storedSignIns() {
		return new ClerkStoredSignInsConfigurer();
	}

	@Override
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (context == null || http.getConfigurer(ClerkConfigurer.class) != null) {
			// Clerk's configurer checks them on its chains.
			return;
		}
		StoredSignIns stored = StoredSignIns.of(http, context, getSecurityContextHolderStrategy());
		http.setSharedObject(SecurityContextRepository.class, stored.repository());
		this.checks = stored.checked();
	}

	@Override
	public void configure(HttpSecurity http) {
		if (this.checks) {
			// Where Clerk's filter answers them on its chains: after the sign-out, which
			// needs no database.
			http.addFilterBefore(postProcess(new UncheckedSignInFilter(getSecurityContextHolderStrategy())),
					UsernamePasswordAuthenticationFilter.class);
		}
	}

	/**
	 * Answers a request whose stored sign-in could not be checked 503, once; the others
	 * go on.
	 */
	private static final class UncheckedSignInFilter extends OncePerRequestFilter {

		private final SecurityContextHolderStrategy holder;

		UncheckedSignInFilter(SecurityContextHolderStrategy holder) {
			this.holder = holder;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			// Reads the stored sign-in, which checks it.
			this.holder.getContext();
			ClerkServiceUnavailableException unchecked = UncheckedSignIns.take(request);
			if (unchecked != null) {
				ClerkAuthenticationFailureHandler.serviceUnavailable(response, unchecked);
				return;
			}
			chain.doFilter(request, response);
		}

	}

}
