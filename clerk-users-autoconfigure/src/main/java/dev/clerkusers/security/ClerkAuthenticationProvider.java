package dev.clerkusers.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkMachineTokenVerifier;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.token.ClerkTokenException;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.token.TokenRejectionReason;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserLoader;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;

/**
 * Authenticates {@link ClerkTokenAuthenticationRequest}s:
 * <ol>
 * <li>verifies the token with the {@link ClerkTokenVerifier};</li>
 * <li>with a {@link ClerkUserLoader} (an application with the users table), finds the
 * user (cache, database, or Clerk's Backend API on first sight) and refuses inactive
 * users; without one, the principal is the token's claims;</li>
 * <li>takes the token's active organization, or, when the token has none and the request
 * asks for one, the one the {@link ClerkOrganizationSelector} allows;</li>
 * <li>maps authorities with the {@link ClerkAuthoritiesMapper}.</li>
 * </ol>
 * Machine tokens (API keys, M2M and OAuth tokens) are accepted only when their type is
 * {@linkplain #setAcceptedTokenTypes(AcceptedTokenTypes) accepted} (by default session
 * tokens only): the type is told by the token's form, and a type not accepted is refused
 * with {@code token-type-mismatch}, a session token where only machine tokens are
 * accepted as well. A machine token is verified by the {@link ClerkMachineTokenVerifier},
 * only from the {@code Authorization} header, and becomes a
 * {@link ClerkMachineAuthenticationToken}. It is not a bean: a bean of type
 * {@code AuthenticationProvider} would make Spring Security drop the
 * {@code DaoAuthenticationProvider} that serves form login (spring-security#14663).
 * {@link ClerkConfigurer} gives it to each filter chain's
 * {@link ClerkAuthenticationFilter} in a {@code ProviderManager} of its own, and adds it
 * to the chain's {@code ProviderManager} too, beside the form-login provider.
 */
public final class ClerkAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(ClerkAuthenticationProvider.class);

	/**
	 * The prefix of the authority of each scope of a machine token, as Spring Security's
	 * resource server names scope authorities.
	 */
	public static final String SCOPE_PREFIX = "SCOPE_";

	private static final Pattern JWT_FORM = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

	private final ClerkTokenVerifier verifier;

	private @Nullable ClerkUserLoader userLoader;

	private @Nullable ClerkOrganizationSelector organizationSelector;

	private ClerkAuthoritiesMapper authoritiesMapper = new DefaultClerkAuthoritiesMapper();

	private Clock clock = Clock.systemUTC();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private ObservationConvention<ClerkAuthenticationObservationContext> observationConvention = new ClerkAuthenticationObservationConvention();

	private AcceptedTokenTypes acceptedTokenTypes = AcceptedTokenTypes.sessionTokensOnly();

	private @Nullable ClerkMachineTokenVerifier machineTokenVerifier;

	/**
	 * Creates a provider.
	 * @param verifier verifies tokens
	 */
	public ClerkAuthenticationProvider(ClerkTokenVerifier verifier) {
		Assert.notNull(verifier, "verifier must not be null");
		this.verifier = verifier;
	}

	/**
	 * Creates the provider of a filter chain, servlet or reactive, from the application's
	 * beans: the {@link ClerkTokenVerifier} (required), and, where present, the
	 * {@link ClerkUserLoader}, {@link ClerkOrganizationSelector},
	 * {@link ClerkAuthoritiesMapper}, {@link Clock}, {@link ObservationRegistry}, the
	 * {@link AcceptedTokenTypes} of {@code clerk.accepts-tokens} and the
	 * {@link ClerkMachineTokenVerifier}.
	 * @param beans the application's beans
	 * @param acceptedTokenTypes the token types the chain accepts, or {@code null} for
	 * the {@link AcceptedTokenTypes} bean (session tokens only without one)
	 * @return the provider
	 * @throws IllegalStateException without a token verifier, or when machine tokens are
	 * accepted without a machine token verifier
	 */
	public static ClerkAuthenticationProvider fromBeans(BeanFactory beans,
			@Nullable AcceptedTokenTypes acceptedTokenTypes) {
		ClerkTokenVerifier verifier = beans.getBeanProvider(ClerkTokenVerifier.class).getIfAvailable();
		Assert.state(verifier != null, "Clerk authentication needs a ClerkTokenVerifier bean: set clerk.secret-key, "
				+ "clerk.publishable-key or clerk.jwt-key, or declare one");
		ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider(verifier);
		beans.getBeanProvider(ClerkUserLoader.class).ifAvailable(provider::setUserLoader);
		beans.getBeanProvider(ClerkOrganizationSelector.class).ifAvailable(provider::setOrganizationSelector);
		beans.getBeanProvider(ClerkAuthoritiesMapper.class).ifAvailable(provider::setAuthoritiesMapper);
		beans.getBeanProvider(Clock.class).ifUnique(provider::setClock);
		beans.getBeanProvider(ObservationRegistry.class).ifUnique(provider::setObservationRegistry);
		beans
			.<ObservationConvention<ClerkAuthenticationObservationContext>>getBeanProvider(ResolvableType
				.forClassWithGenerics(ObservationConvention.class, ClerkAuthenticationObservationContext.class))
			.ifUnique(provider::setObservationConvention);
		AcceptedTokenTypes accepted = (acceptedTokenTypes != null) ? acceptedTokenTypes
				: beans.getBeanProvider(AcceptedTokenTypes.class).getIfAvailable(AcceptedTokenTypes::sessionTokensOnly);
		provider.setAcceptedTokenTypes(accepted);
		if (accepted.acceptsMachineTokens()) {
			ClerkMachineTokenVerifier machines = beans.getBeanProvider(ClerkMachineTokenVerifier.class)
				.getIfAvailable();
			Assert.state(machines != null, "A filter chain accepts " + accepted
					+ " tokens, but there is no ClerkMachineTokenVerifier bean: set clerk.secret-key (or declare one)");
			provider.setMachineTokenVerifier(machines);
			if (acceptedTokenTypes != null && !machines.verifiesOpaqueTokens()) {
				// clerk.accepts-tokens has its own warning, as the verifier is created.
				logger.warn("A filter chain accepts " + accepted + " tokens, but clerk.secret-key is not set (or was"
						+ " not set when this application was processed ahead of time): its opaque API keys, M2M and"
						+ " OAuth tokens cannot be verified (answered 503), only JWT-format ones");
			}
		}
		return provider;
	}

	/**
	 * Loads the local user of each token; without a loader, the principal is the token's
	 * claims.
	 * @param userLoader the loader
	 */
	public void setUserLoader(ClerkUserLoader userLoader) {
		Assert.notNull(userLoader, "userLoader must not be null");
		this.userLoader = userLoader;
	}

	/**
	 * Chooses the organization a request asks for when its token has none.
	 * @param organizationSelector the selector
	 */
	public void setOrganizationSelector(ClerkOrganizationSelector organizationSelector) {
		Assert.notNull(organizationSelector, "organizationSelector must not be null");
		this.organizationSelector = organizationSelector;
	}

	/**
	 * Maps authorities (default: {@link DefaultClerkAuthoritiesMapper}).
	 * @param authoritiesMapper the mapper
	 */
	public void setAuthoritiesMapper(ClerkAuthoritiesMapper authoritiesMapper) {
		Assert.notNull(authoritiesMapper, "authoritiesMapper must not be null");
		this.authoritiesMapper = authoritiesMapper;
	}

	/**
	 * Sets the clock of {@link ClerkAuthenticationToken#getVerifiedAt()}.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	/**
	 * Observes each authentication as {@code clerk.token.verification} (default: no
	 * observation, at no cost).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Sets the names and tags of the observations (default:
	 * {@link ClerkAuthenticationObservationConvention}).
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(
			ObservationConvention<ClerkAuthenticationObservationContext> observationConvention) {
		Assert.notNull(observationConvention, "observationConvention must not be null");
		this.observationConvention = observationConvention;
	}

	/**
	 * Whether {@link #authenticate(Authentication)} decides on this request without
	 * blocking its thread: the token is verified without fetching keys, and neither the
	 * users table nor an organization selector is asked. Reactive applications
	 * authenticate such requests on the request's thread, and the others on a thread that
	 * may block.
	 * @param request the authentication request
	 * @return {@code true} when authentication needs no I/O
	 */
	public boolean authenticatesWithoutBlocking(ClerkTokenAuthenticationRequest request) {
		if (!request.isReadable()) {
			return true;
		}
		return this.userLoader == null && this.acceptedTokenTypes.isSessionTokensOnly()
				&& (this.organizationSelector == null || request.getRequestedOrganization().isEmpty())
				&& this.verifier.verifiesWithoutBlocking(request.getToken());
	}

	/**
	 * Sets the token types accepted (default: session tokens only).
	 * @param acceptedTokenTypes the types
	 */
	public void setAcceptedTokenTypes(AcceptedTokenTypes acceptedTokenTypes) {
		Assert.notNull(acceptedTokenTypes, "acceptedTokenTypes must not be null");
		this.acceptedTokenTypes = acceptedTokenTypes;
	}

	/**
	 * Whether the provider accepts tokens of a type.
	 * @param type the type
	 * @return {@code true} when it does
	 */
	boolean accepts(ClerkTokenType type) {
		return this.acceptedTokenTypes.accepts(type);
	}

	/**
	 * Sets the verifier of machine tokens, needed when a machine token type is accepted.
	 * @param machineTokenVerifier the verifier
	 */
	public void setMachineTokenVerifier(ClerkMachineTokenVerifier machineTokenVerifier) {
		Assert.notNull(machineTokenVerifier, "machineTokenVerifier must not be null");
		this.machineTokenVerifier = machineTokenVerifier;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ClerkTokenAuthenticationRequest request = (ClerkTokenAuthenticationRequest) authentication;
		if (this.observationRegistry.isNoop()) {
			return doAuthenticate(request, null);
		}
		ClerkAuthenticationObservationContext context = new ClerkAuthenticationObservationContext(request.getSource());
		// Before the start, which tags the in-flight timer (black-box run 347).
		context.tokenType(typeOf(request));
		Observation observation = Observation
			.createNotStarted(this.observationConvention, () -> context, this.observationRegistry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Authentication result = doAuthenticate(request, context);
			context.accepted();
			return result;
		}
		catch (ClerkServiceUnavailableException ex) {
			context.refused(ClerkAuthenticationObservationContext.UNAVAILABLE, ex.getCode());
			observation.error(ex);
			throw ex;
		}
		catch (ClerkAuthenticationException ex) {
			context.refused(ClerkAuthenticationObservationContext.REFUSED, ex.getCode());
			// Read again, off the hot path: a machine token sent where session tokens
			// alone are taken is tagged as what it is, and a token of no type's form as
			// none (the lenient reading that picks a verifier takes it for a session
			// token).
			context.tokenType(request.isReadable() ? typeOfRefused(request.getToken()) : null);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * The type of a token as the chain reads it, for its observation, read once: a
	 * session token where only those are taken (their rules refuse the others), else its
	 * form's; {@code null} for a request whose token cannot be read.
	 */
	private @Nullable ClerkTokenType typeOf(ClerkTokenAuthenticationRequest request) {
		if (!request.isReadable()) {
			return null;
		}
		return this.acceptedTokenTypes.isSessionTokensOnly() ? ClerkTokenType.SESSION_TOKEN
				: ClerkTokenType.of(request.getToken());
	}

	/**
	 * The type of a refused token for its observation: {@code null} for one that has
	 * neither a machine token's prefix nor a JWT's form.
	 */
	private static @Nullable ClerkTokenType typeOfRefused(String token) {
		ClerkTokenType type = ClerkTokenType.of(token);
		return (type != ClerkTokenType.SESSION_TOKEN || JWT_FORM.matcher(token).matches()) ? type : null;
	}

	/**
	 * Authenticates a request, telling an observation's context the type of its token.
	 */
	private Authentication doAuthenticate(ClerkTokenAuthenticationRequest request,
			@Nullable ClerkAuthenticationObservationContext context) {
		request.requireReadable();
		if (this.acceptedTokenTypes.isSessionTokensOnly()) {
			// The session-token rules refuse machine tokens themselves
			// (token-type-mismatch).
			return authenticateSession(request);
		}
		ClerkTokenType type = (context != null) ? context.getTokenType() : null;
		if (type == null) {
			type = ClerkTokenType.of(request.getToken());
		}
		if (!this.acceptedTokenTypes.accepts(type)) {
			throw new ClerkAuthenticationException(TokenRejectionReason.TYPE_NOT_ACCEPTED.code(),
					"This endpoint does not accept " + type.value() + " tokens; it accepts " + this.acceptedTokenTypes);
		}
		return type.isMachine() ? authenticateMachine(request) : authenticateSession(request);
	}

	private Authentication authenticateMachine(ClerkTokenAuthenticationRequest request) {
		if (request.getSource() != TokenSource.HEADER) {
			throw new ClerkAuthenticationException(TokenRejectionReason.TYPE_NOT_ACCEPTED.code(),
					"Machine tokens are accepted in the Authorization header only, never in a cookie");
		}
		Assert.state(this.machineTokenVerifier != null, "Machine tokens are accepted but no verifier is set");
		ClerkMachineToken machine;
		try {
			machine = this.machineTokenVerifier.verify(request.getToken());
		}
		catch (ClerkTokenException ex) {
			throw failure(ex);
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String scope : machine.scopes()) {
			authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + scope));
		}
		authorities.addAll(this.authoritiesMapper.machineAuthorities(machine));
		ClerkMachineAuthenticationToken result = new ClerkMachineAuthenticationToken(machine, authorities,
				this.clock.instant());
		result.setDetails(request.getDetails());
		return result;
	}

	private static AuthenticationException failure(ClerkTokenException ex) {
		if (ex.getReason() == TokenRejectionReason.KEYS_UNAVAILABLE) {
			return new ClerkServiceUnavailableException(ClerkServiceUnavailableException.KEYS_UNAVAILABLE,
					"The keys that verify Clerk tokens could not be loaded; try again shortly", ex);
		}
		if (ex.getReason() == TokenRejectionReason.VERIFICATION_UNAVAILABLE) {
			return new ClerkServiceUnavailableException(ClerkServiceUnavailableException.BACKEND_API_UNAVAILABLE,
					String.valueOf(ex.getMessage()), ex, ex.getRetryAfter().orElse(null));
		}
		return new ClerkAuthenticationException(ex);
	}

	private Authentication authenticateSession(ClerkTokenAuthenticationRequest request) {
		ClerkSessionClaims claims;
		try {
			claims = this.verifier.verify(request.getToken());
		}
		catch (ClerkTokenException ex) {
			throw failure(ex);
		}
		ClerkUser user;
		ClerkOrganizationClaims organization;
		try {
			user = loadUser(claims);
		}
		catch (RuntimeException ex) {
			throw ClerkServiceUnavailableException.whileReading(ex,
					"The user of this token could not be loaded; try again shortly");
		}
		try {
			organization = claims.organization().orElseGet(() -> selectOrganization(request, claims));
		}
		catch (RuntimeException ex) {
			throw ClerkServiceUnavailableException.whileReading(ex,
					"The organization memberships of this user could not be read; try again shortly");
		}
		ClerkAuthenticationToken result = ClerkAuthenticationToken.of(user, claims, organization,
				this.authoritiesMapper, this.clock.instant());
		result.setDetails(request.getDetails());
		return result;
	}

	private @Nullable ClerkUser loadUser(ClerkSessionClaims claims) {
		if (this.userLoader == null) {
			return null;
		}
		ClerkUser user = this.userLoader.load(claims.userId())
			.orElseThrow(() -> new ClerkAuthenticationException(ClerkAuthenticationException.USER_UNKNOWN,
					"The user of this token is not known"));
		if (!user.isActive()) {
			throw new ClerkAuthenticationException(ClerkAuthenticationException.USER_INACTIVE,
					"The user of this token is inactive");
		}
		if (user.isLockedAt(this.clock.instant())) {
			throw new ClerkAuthenticationException(ClerkAuthenticationException.USER_LOCKED,
					"The user of this token is locked out until " + user.getLockedUntil());
		}
		return user;
	}

	private @Nullable ClerkOrganizationClaims selectOrganization(ClerkTokenAuthenticationRequest request,
			ClerkSessionClaims claims) {
		String requested = request.getRequestedOrganization().orElse(null);
		if (this.organizationSelector == null || requested == null) {
			return null;
		}
		return this.organizationSelector.select(requested, claims).orElse(null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ClerkTokenAuthenticationRequest.class.isAssignableFrom(authentication);
	}

}
