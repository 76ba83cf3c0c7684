package dev.clerkusers.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.MachineTokenResource;
import dev.clerkusers.api.MalformedClerkDataException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Verifies opaque machine tokens with Clerk's Backend API, one call per token:
 * <ul>
 * <li>API keys ({@code ak_…}): {@code POST /api_keys/verify} with {@code {"secret"}},
 * authenticated with the instance's secret key;</li>
 * <li>M2M tokens ({@code mt_…}): {@code POST /m2m_tokens/verify} with {@code {"token"}},
 * authenticated with the machine secret key when one is set (Clerk then checks that the
 * token may call this machine), else with the instance's secret key;</li>
 * <li>OAuth access tokens ({@code oat_…}):
 * {@code POST /oauth_applications/access_tokens/verify} with {@code {"access_token"}},
 * authenticated with the instance's secret key.</li>
 * </ul>
 * An error status about the token (4xx but 401, 403, 408 and 429, with Clerk's errors in
 * its body) refuses it ({@link TokenRejectionReason#MACHINE_TOKEN_INVALID}); a 200 that
 * says revoked or expired refuses it too, as does an expiry it reports more than the
 * clock skew ago, and one that does not confirm the token as of its type (an answer about
 * another kind of object, or a subject that is no user, organization or machine the type
 * can have: an M2M token's is a machine, an OAuth token's a user). No answer, a server
 * error, rate limiting, an error status without Clerk's errors (a proxy's), or a refused
 * secret key is {@link TokenRejectionReason#VERIFICATION_UNAVAILABLE}: the token was not
 * judged, and the request is answered 503.
 */
public final class BackendApiMachineTokenVerifier implements ClerkMachineTokenVerifier {

	private static final Log logger = LogFactory.getLog(BackendApiMachineTokenVerifier.class);

	/** How often a refused secret key is logged as an error while it lasts. */
	private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	/** RFC 6750's {@code b64token}: the characters a bearer token has. */
	private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

	private final ClerkApiClient api;

	private final @Nullable String machineSecretKey;

	private final Duration clockSkew;

	private final Clock clock;

	/**
	 * When a refused secret key was last logged as an error, for each type (an M2M
	 * token's names the machine secret key too).
	 */
	private final ConcurrentMap<ClerkTokenType, AtomicReference<@Nullable Instant>> credentialsRefusalLogged = new ConcurrentHashMap<>();

	/**
	 * Creates a verifier.
	 * @param api the Backend API client, authenticated with the instance's secret key
	 * @param machineSecretKey the machine secret key that verifies M2M tokens, or
	 * {@code null} to verify them with the instance's secret key
	 * @param clockSkew how long past the expiry Clerk reports a token is still accepted,
	 * since this instance's clock and Clerk's may differ that much (as for a JWT's
	 * {@code exp})
	 * @param clock the clock that tells expiry
	 */
	public BackendApiMachineTokenVerifier(ClerkApiClient api, @Nullable String machineSecretKey, Duration clockSkew,
			Clock clock) {
		this.api = api;
		this.machineSecretKey = machineSecretKey;
		this.clockSkew = clockSkew;
		this.clock = clock;
	}

	@Override
	public ClerkMachineToken verify(String token) {
		ClerkTokenType type = ClerkTokenType.of(token);
		refuseIfItNamesNone(token);
		MachineTokenResource resource;
		try {
			resource = switch (type) {
				case API_KEY -> this.api.verifyApiKey(token);
				case M2M_TOKEN -> this.api.verifyM2mToken(token, this.machineSecretKey);
				case OAUTH_TOKEN -> this.api.verifyOAuthAccessToken(token);
				case SESSION_TOKEN -> throw new ClerkTokenException(TokenRejectionReason.TYPE_NOT_ACCEPTED,
						"A session token is not a machine token");
			};
		}
		catch (ClerkApiException ex) {
			throw rejection(type, ex);
		}
		catch (MalformedClerkDataException ex) {
			// Clerk's answer about the token, of another shape than Clerk's documented
			// one: it confirms nothing (rule M5a).
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID,
					"Clerk's Backend API did not confirm this " + type.value() + ": " + ex.getMessage(), ex);
		}
		return toToken(type, resource);
	}

	/**
	 * Refuses an opaque token that names none, without a call to Clerk: its type's prefix
	 * alone, or one that holds a character no bearer token has (RFC 6750's
	 * {@code b64token}).
	 * @param token the opaque token
	 * @throws ClerkTokenException ({@link TokenRejectionReason#MACHINE_TOKEN_INVALID})
	 * when it names none
	 */
	static void refuseIfItNamesNone(String token) {
		if (ClerkTokenType.OPAQUE_PREFIXES.contains(token) || !BEARER_TOKEN.matcher(token).matches()) {
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID,
					"The " + ClerkTokenType.of(token).value()
							+ " is its prefix alone, or holds a character no bearer token has");
		}
	}

	private ClerkTokenException rejection(ClerkTokenType type, ClerkApiException ex) {
		int status = ex.getStatus();
		if ((status == 401 || status == 403) && !ex.getErrors().isEmpty()) {
			String message = "Clerk's Backend API refused the secret key that verifies " + type.value()
					+ " tokens (status " + status + "): check clerk.secret-key"
					+ ((type == ClerkTokenType.M2M_TOKEN) ? " and clerk.machine-secret-key" : "");
			if (isFirstInAMinute(
					this.credentialsRefusalLogged.computeIfAbsent(type, (logged) -> new AtomicReference<>()))) {
				logger.error(message + " (logged once a minute while it lasts)");
			}
			else {
				logger.debug(message);
			}
			return new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE,
					"Clerk's Backend API could not verify the token: it refused this application's credentials (see"
							+ " the application's log)",
					ex);
		}
		if (status == 0) {
			return new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE,
					"Clerk's Backend API could not be reached to verify the token (no connection, or no answer in"
							+ " time); try again shortly",
					ex);
		}
		if (ex.isUnavailable() || status == 408 || status < 400 || ex.getErrors().isEmpty()) {
			// Without Clerk's errors in its body, an error status is a proxy's or a
			// firewall's on the way (a 407, a 403 HTML page), not Clerk's judgement of
			// the token or of the secret key.
			return new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE,
					"Clerk's Backend API could not verify the token (status " + status + "); try again shortly", ex);
		}
		return new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID,
				"Clerk does not know this " + type.value() + ", or it was revoked or has expired", ex);
	}

	/**
	 * Whether a minute has passed since the time held, which then becomes now: one thread
	 * of those that ask at once gets {@code true}.
	 */
	private boolean isFirstInAMinute(AtomicReference<@Nullable Instant> last) {
		Instant now = this.clock.instant();
		Instant before = last.get();
		return (before == null || !now.isBefore(before.plus(LOG_INTERVAL))) && last.compareAndSet(before, now);
	}

	private ClerkMachineToken toToken(ClerkTokenType type, MachineTokenResource resource) {
		String subject = resource.subject();
		if (Boolean.FALSE.equals(resource.active()) || resource.id() == null || !isAnswerAbout(type, resource)
				|| subject == null || !type.isSubjectOf(subject)) {
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID,
					"Clerk's Backend API did not confirm this " + type.value());
		}
		if (Boolean.TRUE.equals(resource.revoked())) {
			throw new ClerkTokenException(TokenRejectionReason.REVOKED, "The " + type.value() + " has been revoked");
		}
		Instant expiresAt = (resource.expiration() != null) ? Instant.ofEpochMilli(resource.expiration()) : null;
		if (Boolean.TRUE.equals(resource.expired())
				|| (expiresAt != null && !expiresAt.isAfter(this.clock.instant().minus(this.clockSkew)))) {
			throw new ClerkTokenException(TokenRejectionReason.EXPIRED, "The " + type.value() + " has expired");
		}
		List<String> scopes = (resource.scopes() != null) ? resource.scopes() : List.of();
		Map<String, @Nullable Object> claims = (resource.claims() != null) ? resource.claims() : Map.of();
		return ClerkMachineToken.builder(type, resource.id(), subject)
			.scopes(scopes)
			.claims(claims)
			.name(resource.name())
			.clientId(resource.clientId())
			.audiences(LocalMachineJwtVerifier.audiences(resource.aud()))
			.expiresAt(expiresAt)
			.build();
	}

	/**
	 * Whether an answer is about a token of the type asked: Clerk's {@code object} for
	 * it.
	 */
	private static boolean isAnswerAbout(ClerkTokenType type, MachineTokenResource resource) {
		String object = switch (type) {
			case API_KEY -> "api_key";
			case M2M_TOKEN -> "machine_to_machine_token";
			case OAUTH_TOKEN -> "clerk_idp_oauth_access_token";
			case SESSION_TOKEN -> null;
		};
		return object != null && object.equals(resource.object());
	}

}
