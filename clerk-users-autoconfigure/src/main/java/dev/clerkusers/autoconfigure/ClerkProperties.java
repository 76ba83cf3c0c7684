package dev.clerkusers.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for clerk-users, bound from {@code clerk.*}.
 */
@ConfigurationProperties("clerk")
public class ClerkProperties {

	/**
	 * Secret key of the Clerk instance (sk_test_… or sk_live_…). Authenticates calls to
	 * the Backend API and, unless a PEM key is set, fetches the keys that verify session
	 * tokens.
	 */
	private @Nullable String secretKey;

	/**
	 * Publishable key of the Clerk instance (pk_test_… or pk_live_…). The Frontend API
	 * URL, which is the expected issuer of session tokens, is derived from it.
	 */
	private @Nullable String publishableKey;

	/**
	 * PEM-encoded public key that verifies session tokens without any network call (Clerk
	 * dashboard, API keys, "JWKS Public Key"). Escaped or missing newlines are tolerated.
	 */
	private @Nullable String jwtKey;

	/**
	 * Expected issuer of session tokens: the instance's Frontend API URL, for example
	 * https://clerk.example.com. Derived from the publishable key when not set.
	 */
	private @Nullable String issuer;

	/**
	 * Comma-separated list of origins allowed as the authorized party (azp) of a session
	 * token, for example https://app.example.com. A trailing slash does not matter. Empty
	 * means the azp claim is not checked.
	 */
	private List<String> authorizedParties = new ArrayList<>();

	/**
	 * Comma-separated list of origins allowed as the authorized party of a session token.
	 * Alias of clerk.authorized-parties, for configurations ported from
	 * django-clerk-users; both lists are combined.
	 */
	private List<String> frontendHosts = new ArrayList<>();

	/**
	 * Comma-separated list of accepted audiences. When set, a token must carry one of
	 * them in its aud claim; when empty, aud is not checked.
	 */
	private List<String> audiences = new ArrayList<>();

	/**
	 * Clock skew tolerated when checking the exp, nbf and iat claims.
	 */
	private Duration clockSkew = Duration.ofSeconds(5);

	/**
	 * Whether to accept session tokens of pending sessions (sts=pending), whose user
	 * still has session tasks to finish, such as choosing an organization.
	 */
	private boolean acceptPendingSessions;

	/**
	 * What a request with an invalid token gets on an endpoint that permits anonymous
	 * access: 'reject' answers 401, 'anonymous' lets it through as anonymous. Protected
	 * endpoints answer 401 either way.
	 */
	private InvalidTokenPolicy invalidTokenOnPublicPaths = InvalidTokenPolicy.REJECT;

	/**
	 * Base URL of Clerk's Backend API.
	 */
	private String apiUrl = "https://api.clerk.com/v1";

	/**
	 * Version of the Backend API requested in the Clerk-API-Version header.
	 */
	private String apiVersion = "2025-11-10";

	/**
	 * Timeout of a Backend API call, for connecting and for reading the response.
	 */
	private Duration apiTimeout = Duration.ofSeconds(10);

	/**
	 * How many times a Backend API call answered 429 Too Many Requests is retried, after
	 * waiting as long as its Retry-After header says.
	 */
	private int apiMaxRetries = 3;

	/**
	 * Longest Retry-After wait honoured; a 429 asking for a longer wait fails at once.
	 */
	private Duration apiMaxRetryWait = Duration.ofSeconds(60);

	/**
	 * Command to run instead of serving requests, after which the application exits:
	 * create-superuser, sync, push-users. Usually given on the command line as
	 * --clerk.command=….
	 */
	private @Nullable String command;

	private final Jwks jwks = new Jwks();

	private final TokenCache tokenCache = new TokenCache();

	private final SessionCookie sessionCookie = new SessionCookie();

	private final Session session = new Session();

	private final Cache cache = new Cache();

	private final Schema schema = new Schema();

	private final Users users = new Users();

	private final Webhook webhook = new Webhook();

	/**
	 * The value of {@code clerk.secret-key}.
	 * @return the value
	 */
	public @Nullable String getSecretKey() {
		return this.secretKey;
	}

	/**
	 * Sets {@code clerk.secret-key}.
	 * @param secretKey the value
	 */
	public void setSecretKey(@Nullable String secretKey) {
		this.secretKey = secretKey;
	}

	/**
	 * The value of {@code clerk.publishable-key}.
	 * @return the value
	 */
	public @Nullable String getPublishableKey() {
		return this.publishableKey;
	}

	/**
	 * Sets {@code clerk.publishable-key}.
	 * @param publishableKey the value
	 */
	public void setPublishableKey(@Nullable String publishableKey) {
		this.publishableKey = publishableKey;
	}

	/**
	 * The value of {@code clerk.jwt-key}.
	 * @return the value
	 */
	public @Nullable String getJwtKey() {
		return this.jwtKey;
	}

	/**
	 * Sets {@code clerk.jwt-key}.
	 * @param jwtKey the value
	 */
	public void setJwtKey(@Nullable String jwtKey) {
		this.jwtKey = jwtKey;
	}

	/**
	 * The value of {@code clerk.issuer}.
	 * @return the value
	 */
	public @Nullable String getIssuer() {
		return this.issuer;
	}

	/**
	 * Sets {@code clerk.issuer}.
	 * @param issuer the value
	 */
	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	/**
	 * The value of {@code clerk.authorized-parties}.
	 * @return the value
	 */
	public List<String> getAuthorizedParties() {
		return this.authorizedParties;
	}

	/**
	 * Sets {@code clerk.authorized-parties}.
	 * @param authorizedParties the value
	 */
	public void setAuthorizedParties(List<String> authorizedParties) {
		this.authorizedParties = authorizedParties;
	}

	/**
	 * The value of {@code clerk.frontend-hosts}.
	 * @return the value
	 */
	public List<String> getFrontendHosts() {
		return this.frontendHosts;
	}

	/**
	 * Sets {@code clerk.frontend-hosts}.
	 * @param frontendHosts the value
	 */
	public void setFrontendHosts(List<String> frontendHosts) {
		this.frontendHosts = frontendHosts;
	}

	/**
	 * The authorized parties from both {@code clerk.authorized-parties} and its alias
	 * {@code clerk.frontend-hosts}.
	 * @return the combined list, without blanks or duplicates
	 */
	public Set<String> allAuthorizedParties() {
		Set<String> all = new LinkedHashSet<>();
		for (List<String> list : List.of(this.authorizedParties, this.frontendHosts)) {
			for (String party : list) {
				if (party != null && !party.isBlank()) {
					all.add(party.trim());
				}
			}
		}
		return all;
	}

	/**
	 * The value of {@code clerk.audiences}.
	 * @return the value
	 */
	public List<String> getAudiences() {
		return this.audiences;
	}

	/**
	 * Sets {@code clerk.audiences}.
	 * @param audiences the value
	 */
	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	/**
	 * The value of {@code clerk.clock-skew}.
	 * @return the value
	 */
	public Duration getClockSkew() {
		return this.clockSkew;
	}

	/**
	 * Sets {@code clerk.clock-skew}.
	 * @param clockSkew the value
	 */
	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	/**
	 * The value of {@code clerk.accept-pending-sessions}.
	 * @return the value
	 */
	public boolean isAcceptPendingSessions() {
		return this.acceptPendingSessions;
	}

	/**
	 * Sets {@code clerk.accept-pending-sessions}.
	 * @param acceptPendingSessions the value
	 */
	public void setAcceptPendingSessions(boolean acceptPendingSessions) {
		this.acceptPendingSessions = acceptPendingSessions;
	}

	/**
	 * The value of {@code clerk.invalid-token-on-public-paths}.
	 * @return the value
	 */
	public InvalidTokenPolicy getInvalidTokenOnPublicPaths() {
		return this.invalidTokenOnPublicPaths;
	}

	/**
	 * Sets {@code clerk.invalid-token-on-public-paths}.
	 * @param invalidTokenOnPublicPaths the value
	 */
	public void setInvalidTokenOnPublicPaths(InvalidTokenPolicy invalidTokenOnPublicPaths) {
		this.invalidTokenOnPublicPaths = invalidTokenOnPublicPaths;
	}

	/**
	 * The value of {@code clerk.api-url}.
	 * @return the value
	 */
	public String getApiUrl() {
		return this.apiUrl;
	}

	/**
	 * Sets {@code clerk.api-url}.
	 * @param apiUrl the value
	 */
	public void setApiUrl(String apiUrl) {
		this.apiUrl = apiUrl;
	}

	/**
	 * The value of {@code clerk.api-version}.
	 * @return the value
	 */
	public String getApiVersion() {
		return this.apiVersion;
	}

	/**
	 * Sets {@code clerk.api-version}.
	 * @param apiVersion the value
	 */
	public void setApiVersion(String apiVersion) {
		this.apiVersion = apiVersion;
	}

	/**
	 * The value of {@code clerk.api-timeout}.
	 * @return the value
	 */
	public Duration getApiTimeout() {
		return this.apiTimeout;
	}

	/**
	 * Sets {@code clerk.api-timeout}.
	 * @param apiTimeout the value
	 */
	public void setApiTimeout(Duration apiTimeout) {
		this.apiTimeout = apiTimeout;
	}

	/**
	 * The value of {@code clerk.api-max-retries}.
	 * @return the value
	 */
	public int getApiMaxRetries() {
		return this.apiMaxRetries;
	}

	/**
	 * Sets {@code clerk.api-max-retries}.
	 * @param apiMaxRetries the value
	 */
	public void setApiMaxRetries(int apiMaxRetries) {
		this.apiMaxRetries = apiMaxRetries;
	}

	/**
	 * The value of {@code clerk.api-max-retry-wait}.
	 * @return the value
	 */
	public Duration getApiMaxRetryWait() {
		return this.apiMaxRetryWait;
	}

	/**
	 * Sets {@code clerk.api-max-retry-wait}.
	 * @param apiMaxRetryWait the value
	 */
	public void setApiMaxRetryWait(Duration apiMaxRetryWait) {
		this.apiMaxRetryWait = apiMaxRetryWait;
	}

	/**
	 * The value of {@code clerk.command}.
	 * @return the value
	 */
	public @Nullable String getCommand() {
		return this.command;
	}

	/**
	 * Sets {@code clerk.command}.
	 * @param command the value
	 */
	public void setCommand(@Nullable String command) {
		this.command = command;
	}

	/**
	 * The {@code clerk.jwks.*} properties.
	 * @return the group
	 */
	public Jwks getJwks() {
		return this.jwks;
	}

	/**
	 * The {@code clerk.token-cache.*} properties.
	 * @return the group
	 */
	public TokenCache getTokenCache() {
		return this.tokenCache;
	}

	/**
	 * The {@code clerk.session-cookie.*} properties.
	 * @return the group
	 */
	public SessionCookie getSessionCookie() {
		return this.sessionCookie;
	}

	/**
	 * The {@code clerk.session.*} properties.
	 * @return the group
	 */
	public Session getSession() {
		return this.session;
	}

	/**
	 * The {@code clerk.cache.*} properties.
	 * @return the group
	 */
	public Cache getCache() {
		return this.cache;
	}

	/**
	 * The {@code clerk.schema.*} properties.
	 * @return the group
	 */
	public Schema getSchema() {
		return this.schema;
	}

	/**
	 * The {@code clerk.users.*} properties.
	 * @return the group
	 */
	public Users getUsers() {
		return this.users;
	}

	/**
	 * The {@code clerk.webhook.*} properties.
	 * @return the group
	 */
	public Webhook getWebhook() {
		return this.webhook;
	}

	/**
	 * What a request with an invalid token gets on an endpoint that permits anonymous
	 * access.
	 */
	public enum InvalidTokenPolicy {

		/** Answer 401 with the rejection reason. */
		REJECT,

		/**
		 * Continue as anonymous; protected endpoints still answer 401 with the reason.
		 */
		ANONYMOUS

	}

	/**
	 * How a Clerk sign-in lives between requests.
	 */
	public enum SessionMode {

		/** Every request carries its own token; nothing is kept in the HTTP session. */
		STATELESS,

		/**
		 * A Clerk sign-in is kept in the HTTP session and revalidated after an interval.
		 */
		SESSION

	}

	/**
	 * Settings of the cache of the keys that verify session tokens.
	 */
	public static class Jwks {

		/**
		 * How long fetched keys are used before they are fetched again.
		 */
		private Duration cacheTtl = Duration.ofMinutes(5);

		/**
		 * Shortest time between two fetches caused by tokens signed with an unknown key
		 * id; a flood of unknown key ids makes at most one fetch per interval.
		 */
		private Duration unknownKeyRefetchInterval = Duration.ofSeconds(30);

		/**
		 * Timeout of a key fetch. When a fetch fails, the keys fetched before are kept
		 * and used.
		 */
		private Duration timeout = Duration.ofSeconds(3);

		/**
		 * The value of {@code clerk.jwks.cache-ttl}.
		 * @return the value
		 */
		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		/**
		 * Sets {@code clerk.jwks.cache-ttl}.
		 * @param cacheTtl the value
		 */
		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		/**
		 * The value of {@code clerk.jwks.unknown-key-refetch-interval}.
		 * @return the value
		 */
		public Duration getUnknownKeyRefetchInterval() {
			return this.unknownKeyRefetchInterval;
		}

		/**
		 * Sets {@code clerk.jwks.unknown-key-refetch-interval}.
		 * @param unknownKeyRefetchInterval the value
		 */
		public void setUnknownKeyRefetchInterval(Duration unknownKeyRefetchInterval) {
			this.unknownKeyRefetchInterval = unknownKeyRefetchInterval;
		}

		/**
		 * The value of {@code clerk.jwks.timeout}.
		 * @return the value
		 */
		public Duration getTimeout() {
			return this.timeout;
		}

		/**
		 * Sets {@code clerk.jwks.timeout}.
		 * @param timeout the value
		 */
		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Settings of the cache of verified session tokens.
	 */
	public static class TokenCache {

		/**
		 * Most verified tokens kept; each is kept until it expires. 0 turns the cache
		 * off.
		 */
		private long maxSize = 10_000;

		/**
		 * The value of {@code clerk.token-cache.max-size}.
		 * @return the value
		 */
		public long getMaxSize() {
			return this.maxSize;
		}

		/**
		 * Sets {@code clerk.token-cache.max-size}.
		 * @param maxSize the value
		 */
		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Settings of session tokens read from Clerk's session cookie.
	 */
	public static class SessionCookie {

		/**
		 * Whether to read the session token from Clerk's session cookie when a request
		 * has no Authorization header. Requires clerk.authorized-parties, whose azp check
		 * is the CSRF defence for cookie tokens.
		 */
		private boolean enabled;

		/**
		 * Name of Clerk's session cookie.
		 */
		private String name = "__session";

		/**
		 * The value of {@code clerk.session-cookie.enabled}.
		 * @return the value
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets {@code clerk.session-cookie.enabled}.
		 * @param enabled the value
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * The value of {@code clerk.session-cookie.name}.
		 * @return the value
		 */
		public String getName() {
			return this.name;
		}

		/**
		 * Sets {@code clerk.session-cookie.name}.
		 * @param name the value
		 */
		public void setName(String name) {
			this.name = name;
		}

	}

	/**
	 * Settings of how a Clerk sign-in lives between requests.
	 */
	public static class Session {

		/**
		 * Whether a Clerk sign-in is kept in the HTTP session ('session') or every
		 * request carries its own token ('stateless').
		 */
		private SessionMode mode = SessionMode.STATELESS;

		/**
		 * In session mode, how long a Clerk sign-in kept in the HTTP session is trusted
		 * before the user and the Clerk session are checked again.
		 */
		private Duration revalidationInterval = Duration.ofMinutes(5);

		/**
		 * The value of {@code clerk.session.mode}.
		 * @return the value
		 */
		public SessionMode getMode() {
			return this.mode;
		}

		/**
		 * Sets {@code clerk.session.mode}.
		 * @param mode the value
		 */
		public void setMode(SessionMode mode) {
			this.mode = mode;
		}

		/**
		 * The value of {@code clerk.session.revalidation-interval}.
		 * @return the value
		 */
		public Duration getRevalidationInterval() {
			return this.revalidationInterval;
		}

		/**
		 * Sets {@code clerk.session.revalidation-interval}.
		 * @param revalidationInterval the value
		 */
		public void setRevalidationInterval(Duration revalidationInterval) {
			this.revalidationInterval = revalidationInterval;
		}

	}

	/**
	 * Settings of the user cache.
	 */
	public static class Cache {

		/**
		 * How long a user is cached after it was read. Bounds how long another
		 * application instance may serve a user changed elsewhere.
		 */
		private Duration userTtl = Duration.ofMinutes(5);

		/**
		 * Most users kept in the cache. 0 turns the cache off.
		 */
		private long userMaxSize = 10_000;

		/**
		 * The value of {@code clerk.cache.user-ttl}.
		 * @return the value
		 */
		public Duration getUserTtl() {
			return this.userTtl;
		}

		/**
		 * Sets {@code clerk.cache.user-ttl}.
		 * @param userTtl the value
		 */
		public void setUserTtl(Duration userTtl) {
			this.userTtl = userTtl;
		}

		/**
		 * The value of {@code clerk.cache.user-max-size}.
		 * @return the value
		 */
		public long getUserMaxSize() {
			return this.userMaxSize;
		}

		/**
		 * Sets {@code clerk.cache.user-max-size}.
		 * @param userMaxSize the value
		 */
		public void setUserMaxSize(long userMaxSize) {
			this.userMaxSize = userMaxSize;
		}

	}

	/**
	 * Settings of the library's database schema.
	 */
	public static class Schema {

		/**
		 * Whether to create and migrate the library's tables at startup with Flyway,
		 * recording them in their own history table, before JPA starts.
		 */
		private boolean migrate = true;

		/**
		 * The value of {@code clerk.schema.migrate}.
		 * @return the value
		 */
		public boolean isMigrate() {
			return this.migrate;
		}

		/**
		 * Sets {@code clerk.schema.migrate}.
		 * @param migrate the value
		 */
		public void setMigrate(boolean migrate) {
			this.migrate = migrate;
		}

	}

	/**
	 * Settings of users created from Clerk.
	 */
	public static class Users {

		/**
		 * Whether to create a local user on the first request of a Clerk user who is not
		 * stored yet.
		 */
		private boolean createOnFirstRequest = true;

		/**
		 * Whether to generate a username, once, for a Clerk user who has none when first
		 * stored.
		 */
		private boolean generateUsernames;

		/**
		 * Prefix of generated usernames, followed by an underscore and 8 hexadecimal
		 * digits.
		 */
		private String usernamePrefix = "user";

		/**
		 * The value of {@code clerk.users.create-on-first-request}.
		 * @return the value
		 */
		public boolean isCreateOnFirstRequest() {
			return this.createOnFirstRequest;
		}

		/**
		 * Sets {@code clerk.users.create-on-first-request}.
		 * @param createOnFirstRequest the value
		 */
		public void setCreateOnFirstRequest(boolean createOnFirstRequest) {
			this.createOnFirstRequest = createOnFirstRequest;
		}

		/**
		 * The value of {@code clerk.users.generate-usernames}.
		 * @return the value
		 */
		public boolean isGenerateUsernames() {
			return this.generateUsernames;
		}

		/**
		 * Sets {@code clerk.users.generate-usernames}.
		 * @param generateUsernames the value
		 */
		public void setGenerateUsernames(boolean generateUsernames) {
			this.generateUsernames = generateUsernames;
		}

		/**
		 * The value of {@code clerk.users.username-prefix}.
		 * @return the value
		 */
		public String getUsernamePrefix() {
			return this.usernamePrefix;
		}

		/**
		 * Sets {@code clerk.users.username-prefix}.
		 * @param usernamePrefix the value
		 */
		public void setUsernamePrefix(String usernamePrefix) {
			this.usernamePrefix = usernamePrefix;
		}

	}

	/**
	 * Settings of the webhook endpoint.
	 */
	public static class Webhook {

		/**
		 * Whether to register the webhook endpoint. It is registered only when a signing
		 * secret is set.
		 */
		private boolean enabled = true;

		/**
		 * Path of the webhook endpoint.
		 */
		private String path = "/webhooks/clerk";

		/**
		 * Comma-separated list of signing secrets (whsec_…) of the Clerk webhook
		 * endpoint. Several secrets may be listed while one is rotated; a delivery signed
		 * with any of them is accepted.
		 */
		private List<String> signingSecrets = new ArrayList<>();

		/**
		 * Largest request body accepted; a larger one is answered 413.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/**
		 * How long received events are kept. A redelivery of a kept event has no effect.
		 */
		private Duration retention = Duration.ofDays(30);

		/**
		 * How often events older than the retention are deleted.
		 */
		private Duration cleanupInterval = Duration.ofHours(1);

		/**
		 * The value of {@code clerk.webhook.enabled}.
		 * @return the value
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets {@code clerk.webhook.enabled}.
		 * @param enabled the value
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * The value of {@code clerk.webhook.path}.
		 * @return the value
		 */
		public String getPath() {
			return this.path;
		}

		/**
		 * Sets {@code clerk.webhook.path}.
		 * @param path the value
		 */
		public void setPath(String path) {
			this.path = path;
		}

		/**
		 * The value of {@code clerk.webhook.signing-secrets}.
		 * @return the value
		 */
		public List<String> getSigningSecrets() {
			return this.signingSecrets;
		}

		/**
		 * Sets {@code clerk.webhook.signing-secrets}.
		 * @param signingSecrets the value
		 */
		public void setSigningSecrets(List<String> signingSecrets) {
			this.signingSecrets = signingSecrets;
		}

		/**
		 * The value of {@code clerk.webhook.max-body-size}.
		 * @return the value
		 */
		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		/**
		 * Sets {@code clerk.webhook.max-body-size}.
		 * @param maxBodySize the value
		 */
		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		/**
		 * The value of {@code clerk.webhook.retention}.
		 * @return the value
		 */
		public Duration getRetention() {
			return this.retention;
		}

		/**
		 * Sets {@code clerk.webhook.retention}.
		 * @param retention the value
		 */
		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		/**
		 * The value of {@code clerk.webhook.cleanup-interval}.
		 * @return the value
		 */
		public Duration getCleanupInterval() {
			return this.cleanupInterval;
		}

		/**
		 * Sets {@code clerk.webhook.cleanup-interval}.
		 * @param cleanupInterval the value
		 */
		public void setCleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = cleanupInterval;
		}

	}

}
