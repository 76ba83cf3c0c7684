package dev.clerkusers.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.EndedSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Session mode ({@code clerk.session.mode=session}): a Clerk sign-in is kept in the HTTP
 * session, so that requests without a token (server-rendered pages, say) stay signed in.
 * <ul>
 * <li>The stored authentication is a {@link ClerkAuthenticationToken}: that type is the
 * Clerk marker, and its {@linkplain ClerkAuthenticationToken#getVerifiedAt() verification
 * time} drives revalidation.</li>
 * <li>A request with a token is always authenticated from the token, and the stored
 * sign-in is replaced (another user or organization included), with a new session id when
 * the user changes. A session holding another kind of sign-in (a staff form login) is
 * left as it is.</li>
 * <li>On a request without token, a stored sign-in whose Clerk session ended
 * ({@code session.ended}, {@code session.removed} or {@code session.revoked} webhooks)
 * ends; after the revalidation interval, the user is read from the database again and the
 * sign-in ends if the user is gone or inactive.</li>
 * </ul>
 * Requests signed in from the session are protected by Spring Security's CSRF protection,
 * like any cookie session.
 */
public class ClerkSessionLogins {

	private static final Log logger = LogFactory.getLog(ClerkSessionLogins.class);

	private final HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();

	private final SessionAuthenticationStrategy sessionFixation = new ChangeSessionIdAuthenticationStrategy();

	private final Duration revalidationInterval;

	private final ClerkUserService users;

	private final EndedSessions endedSessions;

	private final ClerkAuthoritiesMapper authoritiesMapper;

	private final Clock clock;

	/**
	 * Creates the session support.
	 * @param revalidationInterval how long a stored sign-in is trusted before the user is
	 * checked again
	 * @param users the user service
	 * @param endedSessions the ended Clerk sessions
	 * @param authoritiesMapper maps authorities on revalidation
	 * @param clock the clock
	 */
	public ClerkSessionLogins(Duration revalidationInterval, ClerkUserService users, EndedSessions endedSessions,
			ClerkAuthoritiesMapper authoritiesMapper, Clock clock) {
		this.revalidationInterval = revalidationInterval;
		this.users = users;
		this.endedSessions = endedSessions;
		this.authoritiesMapper = authoritiesMapper;
		this.clock = clock;
	}

	/**
	 * Keeps a Clerk sign-in made with a token in the HTTP session, unless the session
	 * holds a sign-in of another kind.
	 * @param request the request
	 * @param response the response
	 * @param context the new security context
	 */
	public void store(HttpServletRequest request, HttpServletResponse response, SecurityContext context) {
		Authentication stored = this.repository.loadDeferredContext(request).get().getAuthentication();
		if (stored != null && !(stored instanceof ClerkAuthenticationToken)) {
			return;
		}
		Authentication authentication = context.getAuthentication();
		if (authentication == null) {
			return;
		}
		if (stored == null || !stored.getName().equals(authentication.getName())) {
			this.sessionFixation.onAuthentication(authentication, request, response);
		}
		this.repository.saveContext(context, request, response);
	}

	/**
	 * Checks a Clerk sign-in restored from the HTTP session, ending or refreshing it.
	 * @param request the request
	 * @param response the response
	 * @param holder the security context holder of the request
	 */
	public void revalidate(HttpServletRequest request, HttpServletResponse response,
			SecurityContextHolderStrategy holder) {
		if (!(holder.getContext().getAuthentication() instanceof ClerkAuthenticationToken clerk)) {
			return;
		}
		if (this.endedSessions.isEnded(clerk.getSessionId())) {
			logger
				.debug("Clerk session " + clerk.getSessionId() + " ended; ending the sign-in kept in the HTTP session");
			end(request, response, holder);
			return;
		}
		Instant now = this.clock.instant();
		if (Duration.between(clerk.getVerifiedAt(), now).compareTo(this.revalidationInterval) < 0) {
			return;
		}
		Optional<ClerkUser> user = this.users.findByClerkId(clerk.getName());
		if (user.isEmpty() || !user.get().isActive()) {
			logger
				.debug("User " + clerk.getName() + " is gone or inactive; ending the sign-in kept in the HTTP session");
			end(request, response, holder);
			return;
		}
		ClerkUser current = user.get();
		ClerkAuthenticationToken refreshed = ClerkAuthenticationToken.of(current, clerk.getClaims(),
				clerk.getOrganization().orElse(null), this.authoritiesMapper, now);
		SecurityContext context = holder.createEmptyContext();
		context.setAuthentication(refreshed);
		holder.setContext(context);
		this.repository.saveContext(context, request, response);
	}

	private void end(HttpServletRequest request, HttpServletResponse response, SecurityContextHolderStrategy holder) {
		SecurityContext empty = holder.createEmptyContext();
		holder.setContext(empty);
		this.repository.saveContext(empty, request, response);
	}

}
