package dev.clerkusers.security;

import java.time.Clock;
import java.util.Optional;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.Assert;

/**
 * Keeps a form-login sign-in (a {@link ClerkUserDetails} principal, kept in the HTTP
 * session) true to the users table, as django-clerk-users' backend does by reading the
 * user on every request. When a stored sign-in is read, its user is read again, and the
 * sign-in ends (the request is anonymous, and the HTTP session ends, as at a logout) when
 * the user is gone, inactive or locked out, or when its password or its staff or
 * superuser rights changed since it signed in: deactivating a user, or changing a
 * password, takes effect on the next request. Other sign-ins are left as they are. When
 * the user cannot be read (the database is down), the sign-in is neither kept nor ended:
 * the context read is empty, and {@link ClerkAuthenticationFilter} answers the request
 * 503 with {@code Retry-After}
 * ({@value ClerkServiceUnavailableException#DATABASE_UNAVAILABLE}), as it answers a token
 * whose user cannot be loaded; the sign-in stays in the HTTP session for the next request
 * to check.
 * <p>
 * {@link ClerkConfigurer} puts it in front of each filter chain's repository when the
 * users table is there, and {@link ClerkStoredSignInsConfigurer} on a chain that turns
 * Clerk off.
 */
public final class ClerkFormLoginSecurityContextRepository implements SecurityContextRepository {

	private static final Log logger = LogFactory.getLog(ClerkFormLoginSecurityContextRepository.class);

	private final CheckedSecurityContextRepository checked;

	private final ClerkUserService users;

	private Clock clock = Clock.systemUTC();

	private SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Creates the repository.
	 * @param delegate the repository that keeps the security context, for example a
	 * filter chain's
	 * @param users reads the users
	 */
	public ClerkFormLoginSecurityContextRepository(SecurityContextRepository delegate, ClerkUserService users) {
		Assert.notNull(delegate, "delegate must not be null");
		Assert.notNull(users, "users must not be null");
		this.users = users;
		this.checked = new CheckedSecurityContextRepository(delegate, this::revalidate);
	}

	/**
	 * Sets the clock that decides lockouts.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	/**
	 * Sets the security context holder strategy.
	 * @param holder the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy holder) {
		Assert.notNull(holder, "holder must not be null");
		this.holder = holder;
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return this.checked.loadDeferredContext(request);
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
		return this.checked.loadContext(requestResponseHolder);
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		this.checked.saveContext(context, request, response);
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return this.checked.containsContext(request);
	}

	private SecurityContext revalidate(SecurityContext stored, HttpServletRequest request) {
		Authentication authentication = stored.getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof ClerkUserDetails details)) {
			return stored;
		}
		ClerkUser signedIn = details.getUser();
		Optional<ClerkUser> current;
		try {
			current = this.users.findByUid(signedIn.getUid());
		}
		catch (RuntimeException ex) {
			return UncheckedSignIns.unchecked(request,
					"The user of this sign-in could not be loaded; try again shortly", ex, this.holder);
		}
		if (current.isPresent() && details.holdsFor(current.get(), this.clock.instant())) {
			SecurityContext refreshed = this.holder.createEmptyContext();
			refreshed.setAuthentication(authentication.toBuilder().principal(details.withUser(current.get())).build());
			return refreshed;
		}
		logger.debug("The user of a form-login sign-in is gone, inactive, locked out, or changed its password or "
				+ "rights; ending the sign-in kept in the HTTP session");
		HttpSession session = request.getSession(false);
		if (session != null
				&& session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) == stored) {
			// The session holds the ended sign-in: it ends with it, as at a logout.
			return EndedSignIns.endSession(request, this.holder);
		}
		return this.holder.createEmptyContext();
	}

}
