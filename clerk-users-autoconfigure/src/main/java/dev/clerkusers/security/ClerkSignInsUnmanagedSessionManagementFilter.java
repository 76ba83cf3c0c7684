package dev.clerkusers.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.session.SessionManagementFilter;

/**
 * A chain's {@link SessionManagementFilter} that leaves Clerk sign-ins alone. Spring
 * Security adds that filter when the chain's session management has a setting such as a
 * concurrent session limit, and it takes a sign-in that it does not find in the HTTP
 * session for one made during the request by a mechanism that did not manage the session:
 * it applies the session strategy (counting the sign-in against the limit) and stores the
 * sign-in in the HTTP session. A Clerk token's sign-in is never such a one: outside
 * session mode it lives as long as its request (a machine token's always), and in session
 * mode {@link ClerkSessionSecurityContextRepository} applies the strategy itself. So a
 * request signed in by Clerk goes on past it; every other request (a staff account's form
 * login, anonymous) meets the chain's filter as configured.
 */
final class ClerkSignInsUnmanagedSessionManagementFilter extends SessionManagementFilter {

	private final SessionManagementFilter delegate;

	private final SecurityContextHolderStrategy holder;

	ClerkSignInsUnmanagedSessionManagementFilter(SessionManagementFilter delegate,
			SecurityContextHolderStrategy holder) {
		super(new NullSecurityContextRepository());
		this.delegate = delegate;
		this.holder = holder;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		Authentication authentication = this.holder.getContext().getAuthentication();
		if (authentication instanceof ClerkAuthenticationToken
				|| authentication instanceof ClerkMachineAuthenticationToken) {
			chain.doFilter(request, response);
			return;
		}
		this.delegate.doFilter(request, response, chain);
	}

}
