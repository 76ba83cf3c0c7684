package dev.clerkusers.security;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Outside session mode, a Clerk sign-in that a chain's repository reads from a store that
 * outlives the request (the HTTP session, where something other than clerk-users kept it)
 * is none, since nothing checks it there (its Clerk session, its user) as session mode's
 * repository does. The sign-in of the request's own token, kept in a request attribute
 * for its later dispatches, is read as it is. {@link StoredSignIns} puts it in front of
 * every chain's repository when {@code clerk.session.mode} is {@code stateless}.
 */
final class StatelessClerkSignIns {

	private static final Log logger = LogFactory.getLog(StatelessClerkSignIns.class);

	private final SecurityContextHolderStrategy holder;

	/** Whether this chain warned already: once per chain, not per request. */
	private final AtomicBoolean warned = new AtomicBoolean();

	private StatelessClerkSignIns(SecurityContextHolderStrategy holder) {
		this.holder = holder;
	}

	/**
	 * A chain's repository that reads no Clerk sign-in kept beyond its request.
	 * @param delegate the chain's repository
	 * @param holder the chain's security context holder strategy
	 * @return the repository
	 */
	static SecurityContextRepository of(SecurityContextRepository delegate, SecurityContextHolderStrategy holder) {
		return new CheckedSecurityContextRepository(delegate, new StatelessClerkSignIns(holder)::withoutKeptSignIn);
	}

	private SecurityContext withoutKeptSignIn(SecurityContext stored, HttpServletRequest request) {
		Authentication authentication = stored.getAuthentication();
		if (!(authentication instanceof ClerkAuthenticationToken) || isThisRequests(authentication, request)) {
			return stored;
		}
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("A Clerk sign-in kept in the HTTP session (by something other than clerk-users) is not read: "
					+ "clerk.session.mode is stateless, in which nothing checks it there; set clerk.session.mode=session "
					+ "to keep Clerk sign-ins in the session, checked on every request");
		}
		return this.holder.createEmptyContext();
	}

	/**
	 * Whether a sign-in is the one this request's token made, kept for the request's
	 * later dispatches (async, error) by {@link ClerkAuthenticationFilter}.
	 */
	private static boolean isThisRequests(Authentication authentication, HttpServletRequest request) {
		return request.getAttribute(
				RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME) instanceof SecurityContext own
				&& own.getAuthentication() == authentication;
	}

}
