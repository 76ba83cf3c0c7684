package dev.clerkusers.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.EndedSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.Assert;

/**
 * Session mode ({@code clerk.session.mode=session}): keeps a Clerk sign-in in the HTTP
 * session, so that requests without a token (server-rendered pages, say) stay signed in.
 * It decorates the filter chain's own repository (by default an
 * {@link HttpSessionSecurityContextRepository}), which keeps every other kind of sign-in
 * (a staff form login) as usual; {@link ClerkConfigurer} puts it in front of each chain's
 * with {@link #withDelegate(SecurityContextRepository)}, and
 * {@link ClerkStoredSignInsConfigurer} on a chain that turns Clerk off.
 * <ul>
 * <li>The stored authentication is a {@link ClerkAuthenticationToken}: that type is the
 * Clerk marker, and its {@linkplain ClerkAuthenticationToken#getVerifiedAt() verification
 * time} drives revalidation.</li>
 * <li><b>Save</b>: a Clerk sign-in replaces the stored one (another user or organization
 * included). A new sign-in, or one of another user, goes through the
 * {@linkplain #setSessionAuthenticationStrategy session authentication strategy}, as a
 * form login does: a new session id (fixation protection) and, on a chain of
 * {@link ClerkConfigurer}, a new CSRF token. A session holding another kind of sign-in,
 * or one that could not be checked (the database failed), is left as it is: the token
 * decides its own request only.</li>
 * <li><b>Load</b>, as django-clerk-users 0.1.1 does: a stored Clerk sign-in is trusted
 * until the revalidation interval passes since its token was verified, unless its Clerk
 * session ended ({@code session.ended}, {@code session.removed} or
 * {@code session.revoked} webhooks) or its user is gone, inactive or locked out (read
 * through the user cache): it then ends as a logout does, with its HTTP session. When
 * either cannot be checked (the database failed), the context read is empty and
 * {@link ClerkAuthenticationFilter} answers the request 503: it is refused, and the
 * sign-in stays for the next request to check. After the interval a request needs a
 * token: one that carries a valid token of the user renews the sign-in (same session id
 * and CSRF token), with its organization and role resolved again; a request without a
 * token goes on as anonymous, and the session keeps the sign-in for a later token to
 * renew. A sign-in past its interval whose Clerk session ended, or whose user changed, is
 * ended as within it (no token could renew it). A form-login sign-in is never
 * touched.</li>
 * <li><b>Organization</b>: a token's organization claims are Clerk's word for the token's
 * lifetime. Once the token a sign-in was kept from has expired, and on every request when
 * a header selected the organization, the sign-in acts in it as the
 * {@linkplain #setOrganizationMemberships memberships} store it now (the role and
 * permissions mapped again), or in none when the user is no longer a member. When that
 * token had no organization, a request that asks for one by the
 * {@linkplain #setOrganizationSelector selector's} header acts in the one the selector
 * chooses, as a request with such a token does, and in none when it cannot; a request
 * without the header goes on in the organization the sign-in's header selected.</li>
 * </ul>
 * Requests signed in from the session are protected by Spring Security's CSRF protection,
 * like any cookie session.
 */
public final class ClerkSessionSecurityContextRepository implements SecurityContextRepository {

	private static final Log logger = LogFactory.getLog(ClerkSessionSecurityContextRepository.class);

	private final SecurityContextRepository delegate;

	private SessionAuthenticationStrategy sessionAuthenticationStrategy = new ChangeSessionIdAuthenticationStrategy();

	private final ClerkUserService users;

	private final EndedSessions endedSessions;

	private Duration revalidationInterval = Duration.ofMinutes(5);

	private ClerkAuthoritiesMapper authoritiesMapper = new DefaultClerkAuthoritiesMapper();

	private @Nullable ClerkOrganizationMemberships memberships;

	private @Nullable ClerkOrganizationSelector organizationSelector;

	private Clock clock = Clock.systemUTC();

	private boolean readsClerkSignIns = true;

	private SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Creates the repository.
	 * @param users finds users for revalidation
	 * @param endedSessions the ended Clerk sessions
	 */
	public ClerkSessionSecurityContextRepository(ClerkUserService users, EndedSessions endedSessions) {
		this(new DelegatingSecurityContextRepository(new HttpSessionSecurityContextRepository(),
				new RequestAttributeSecurityContextRepository()), users, endedSessions);
	}

	private ClerkSessionSecurityContextRepository(SecurityContextRepository delegate, ClerkUserService users,
			EndedSessions endedSessions) {
		this.delegate = delegate;
		this.users = users;
		this.endedSessions = endedSessions;
	}

	/**
	 * A copy of this repository, with its settings, in front of another repository.
	 * @param delegate the repository that keeps the security context, for example a
	 * filter chain's
	 * @return the copy
	 */
	public ClerkSessionSecurityContextRepository withDelegate(SecurityContextRepository delegate) {
		Assert.notNull(delegate, "delegate must not be null");
		ClerkSessionSecurityContextRepository copy = new ClerkSessionSecurityContextRepository(delegate, this.users,
				this.endedSessions);
		copy.revalidationInterval = this.revalidationInterval;
		copy.sessionAuthenticationStrategy = this.sessionAuthenticationStrategy;
		copy.authoritiesMapper = this.authoritiesMapper;
		copy.memberships = this.memberships;
		copy.organizationSelector = this.organizationSelector;
		copy.clock = this.clock;
		copy.holder = this.holder;
		return copy;
	}

	/**
	 * Sets how long a stored sign-in is trusted before it is checked again (default 5
	 * minutes).
	 * @param revalidationInterval the interval
	 */
	public void setRevalidationInterval(Duration revalidationInterval) {
		Assert.notNull(revalidationInterval, "revalidationInterval must not be null");
		this.revalidationInterval = revalidationInterval;
	}

	/**
	 * Sets what a new Clerk sign-in in the session does to the session, as a form login's
	 * {@code SessionAuthenticationStrategy} does: by default a new session id
	 * ({@link ChangeSessionIdAuthenticationStrategy}). {@link ClerkConfigurer} sets its
	 * chain's strategy (the session management's: a new session id and a new CSRF token,
	 * and the chain's concurrent-session control when it has one). It is not applied when
	 * a token of the same user renews a sign-in that fell due.
	 * @param sessionAuthenticationStrategy the strategy
	 */
	public void setSessionAuthenticationStrategy(SessionAuthenticationStrategy sessionAuthenticationStrategy) {
		Assert.notNull(sessionAuthenticationStrategy, "sessionAuthenticationStrategy must not be null");
		this.sessionAuthenticationStrategy = sessionAuthenticationStrategy;
	}

	/**
	 * Sets the authorities mapper used when a sign-in is revalidated.
	 * @param authoritiesMapper the mapper
	 */
	public void setAuthoritiesMapper(ClerkAuthoritiesMapper authoritiesMapper) {
		Assert.notNull(authoritiesMapper, "authoritiesMapper must not be null");
		this.authoritiesMapper = authoritiesMapper;
	}

	/**
	 * Sets where a kept sign-in reads its organization once its token's claims have
	 * expired (the organizations module's memberships). Without it, a kept sign-in keeps
	 * the organization its token or header gave it until the revalidation interval
	 * passes.
	 * @param memberships the memberships as stored now
	 */
	public void setOrganizationMemberships(ClerkOrganizationMemberships memberships) {
		Assert.notNull(memberships, "memberships must not be null");
		this.memberships = memberships;
	}

	/**
	 * Sets what chooses the organization a request of a kept sign-in asks for by header,
	 * when the token the sign-in was kept from had none (the organizations module's
	 * selector). Without it, such a request acts in the organization the sign-in's own
	 * request selected.
	 * @param organizationSelector the selector
	 */
	public void setOrganizationSelector(ClerkOrganizationSelector organizationSelector) {
		Assert.notNull(organizationSelector, "organizationSelector must not be null");
		this.organizationSelector = organizationSelector;
	}

	/**
	 * Sets the clock.
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

	/**
	 * Makes this repository leave out the Clerk sign-ins kept in the session (a session
	 * token's), on a chain that accepts machine tokens only: they stay in the session for
	 * the chains that accept them.
	 */
	void ignoreClerkSignIns() {
		this.readsClerkSignIns = false;
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		DeferredSecurityContext stored = this.delegate.loadDeferredContext(request);
		if (!this.readsClerkSignIns) {
			return new RevalidatedSecurityContext(() -> withoutClerkSignIn(stored.get()), stored::isGenerated);
		}
		return new RevalidatedSecurityContext(() -> revalidate(stored.get(), request), stored::isGenerated);
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
		return loadDeferredContext(requestResponseHolder.getRequest()).get();
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		Authentication authentication = context.getAuthentication();
		if (authentication instanceof ClerkAuthenticationToken) {
			Authentication stored = storedAuthentication(request);
			if ((stored != null && !(stored instanceof ClerkAuthenticationToken))
					|| UncheckedSignIns.isUnchecked(request)) {
				// Another kind of sign-in, or one that could not be read (the database
				// failed): the token decides its own request only.
				return;
			}
			// A token of the user whose sign-in fell due renews it: no new sign-in.
			if (stored == null || !stored.getName().equals(authentication.getName())) {
				this.sessionAuthenticationStrategy.onAuthentication(authentication, request, response);
			}
		}
		this.delegate.saveContext(context, request, response);
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return this.delegate.containsContext(request);
	}

	private @Nullable Authentication storedAuthentication(HttpServletRequest request) {
		return this.delegate.loadDeferredContext(request).get().getAuthentication();
	}

	private SecurityContext withoutClerkSignIn(SecurityContext stored) {
		return (stored.getAuthentication() instanceof ClerkAuthenticationToken) ? this.holder.createEmptyContext()
				: stored;
	}

	private SecurityContext revalidate(SecurityContext stored, HttpServletRequest request) {
		if (!(stored.getAuthentication() instanceof ClerkAuthenticationToken clerk)) {
			return stored;
		}
		Instant now = this.clock.instant();
		// A sign-in past its interval is checked for an end for cause all the same: one
		// whose Clerk session ended, or whose user changed, ends with its HTTP session
		// (freeing its place under a session limit) rather than lapsing, since no token
		// can renew it. Should a check fail, it lapses, as it would have.
		boolean due = Duration.between(clerk.getVerifiedAt(), now).compareTo(this.revalidationInterval) >= 0;
		boolean ended;
		try {
			ended = this.endedSessions.isEnded(clerk.getSessionId());
		}
		catch (RuntimeException ex) {
			// Fails closed without signing anybody out: refused (503), and kept for the
			// next request to check.
			return due ? lapse()
					: UncheckedSignIns.unchecked(request,
							"Whether the Clerk session of this sign-in ended could not be checked; try again shortly",
							ex, this.holder);
		}
		if (ended) {
			logger.debug("A Clerk session ended; ending the sign-in kept in the HTTP session");
			return EndedSignIns.endSession(request, this.holder);
		}
		Optional<ClerkUser> user;
		try {
			user = clerk.getUser().isPresent() ? this.users.findCachedByClerkId(clerk.getName()) : Optional.empty();
		}
		catch (RuntimeException ex) {
			// As for a token whose user cannot be loaded: neither kept nor ended, 503.
			return due ? lapse() : UncheckedSignIns.unchecked(request,
					"The user of this sign-in could not be loaded; try again shortly", ex, this.holder);
		}
		if (clerk.getUser().isPresent() && (user.isEmpty() || !user.get().isActive() || user.get().isLockedAt(now))) {
			logger.debug("A user is gone, inactive or locked out; ending the sign-in kept in the HTTP session");
			return EndedSignIns.endSession(request, this.holder);
		}
		if (clerk.getUser().isPresent() && !sameRights(clerk.getUser().get(), user.get())) {
			// Its authorities were the user's rights at sign-in, as a form login's are.
			logger.debug("A user's staff or superuser rights changed; ending the sign-in kept in the HTTP session");
			return EndedSignIns.endSession(request, this.holder);
		}
		if (due) {
			return lapse();
		}
		// The sign-in holds: the request gets the user as stored now, as a token's does.
		ClerkAuthenticationToken holding = user.map(clerk::withUser).orElse(clerk);
		List<String> asked = askedOrganizations(clerk, request);
		ClerkOrganizationMemberships memberships = this.memberships;
		if (asked != null
				|| (memberships != null && clerk.getOrganization().isPresent() && !tokenVouchesFor(clerk, now))) {
			Optional<ClerkOrganizationClaims> organization;
			try {
				organization = (asked != null) ? selected(asked, clerk) : Objects.requireNonNull(memberships)
					.find(clerk.getOrganization().get().id(), clerk.getClaims().userId());
			}
			catch (RuntimeException ex) {
				return UncheckedSignIns.unchecked(request,
						"The organization of this sign-in could not be checked; try again shortly", ex, this.holder);
			}
			holding = holding.withOrganization(organization.orElse(null), this.authoritiesMapper);
		}
		if (holding == clerk) {
			return stored;
		}
		SecurityContext current = this.holder.createEmptyContext();
		current.setAuthentication(holding);
		return current;
	}

	/**
	 * Lets a sign-in past its revalidation interval lapse: the request goes on without
	 * it, while the HTTP session keeps it, with its id, CSRF token and place under a
	 * session limit, for a token of its user to renew, on this request or a later one.
	 */
	private SecurityContext lapse() {
		logger.debug("A Clerk sign-in kept in the HTTP session is due: it stays only for a request with a token");
		return this.holder.createEmptyContext();
	}

	/**
	 * The values of the organization header of a request that may select the sign-in's
	 * organization: its token had none, and a selector reads the header.
	 * @return the values, or {@code null} when the request does not select
	 */
	private @Nullable List<String> askedOrganizations(ClerkAuthenticationToken clerk, HttpServletRequest request) {
		if (this.organizationSelector == null || clerk.getClaims().organization().isPresent()) {
			return null;
		}
		List<String> values = ClerkTokenAuthenticationConverter.headers(request,
				this.organizationSelector.getHeaderName());
		return values.isEmpty() ? null : values;
	}

	/**
	 * The organization the selector chooses for the header's one value; several values
	 * ask for none, as on a request with a token.
	 */
	private Optional<ClerkOrganizationClaims> selected(List<String> asked, ClerkAuthenticationToken clerk) {
		String requested = ClerkTokenAuthenticationRequest.requestedOrganization(asked);
		if (requested == null || requested.isBlank()) {
			return Optional.empty();
		}
		return Objects.requireNonNull(this.organizationSelector).select(requested.trim(), clerk.getClaims());
	}

	/**
	 * Whether the sign-in's organization is its token's, and the token has not expired:
	 * its claims are then Clerk's word, as on a request that carries the token.
	 */
	private static boolean tokenVouchesFor(ClerkAuthenticationToken clerk, Instant now) {
		return clerk.getClaims().organization().isPresent() && now.isBefore(clerk.getClaims().expiresAt());
	}

	private static boolean sameRights(ClerkUser signedIn, ClerkUser current) {
		return signedIn.isStaff() == current.isStaff() && signedIn.isSuperuser() == current.isSuperuser();
	}

}
