package dev.clerkusers.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.clerkusers.sync.ReconcileGuard;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for clerk-users, bound from {@code clerk.*}.
 */
@ConfigurationProperties("clerk")
public class ClerkProperties implements Validator {

	/** {@code localhost}, and IPv4 and IPv6 loopback addresses written as such. */
	private static final Pattern LOOPBACK_HOST = Pattern
		.compile("(?i)localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[(0{0,4}:){2,7}0{0,3}1\\]");

	/**
	 * The longest {@code lock_timeout} PostgreSQL takes: an integer of milliseconds.
	 */
	private static final Duration MAX_LOCK_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

	/**
	 * The longest duration taken: the nanoseconds a {@code long} counts (106,751 days and
	 * a little).
	 */
	private static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

	/** The binary names of the groups of properties, which are nested classes. */
	private static final String GROUP_PREFIX = ClerkProperties.class.getName() + "$";

	/**
	 * The longest prefix of generated usernames: a generated username is the prefix, an
	 * underscore and up to 32 hexadecimal digits, and must fit the username column.
	 */
	private static final int MAX_USERNAME_PREFIX_LENGTH = ClerkUser.MAX_USERNAME_LENGTH - 33;

	private static final Pattern USERNAME_PREFIX = Pattern
		.compile("[A-Za-z0-9._-]{1," + MAX_USERNAME_PREFIX_LENGTH + "}");

	/**
	 * A literal path: segments of RFC 3986's unreserved characters and the sub-delimiters
	 * and {@code :} and {@code @} a path segment takes, none of them empty, {@code .} or
	 * {@code ..}; no pattern characters ({@code *}, <code>{</code>), no query, no
	 * percent-encoding and no {@code ;}, which request matching decodes or strips.
	 */
	private static final Pattern LITERAL_PATH = Pattern.compile("(/(?!\\.\\.?(/|$))[A-Za-z0-9._~!$&'()+,=:@-]+)+/?|/");

	/** A cookie name: an RFC 6265 token (RFC 9110's tchar). */
	private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

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
	 * https://clerk.example.com. Derived from the publishable key when not set. Plain
	 * http only on this machine (localhost or a loopback address).
	 */
	private @Nullable String issuer;

	/**
	 * Comma-separated list of origins allowed as the authorized party (azp) of a session
	 * token, for example https://app.example.com: each scheme://host[:port], without a
	 * path. A trailing slash does not matter. Empty means the azp claim is not checked.
	 */
	private List<String> authorizedParties = new ArrayList<>();

	/**
	 * Comma-separated list of origins allowed as the authorized party of a session token.
	 * Alias of clerk.authorized-parties, for configurations ported from
	 * django-clerk-users; both lists are combined.
	 */
	private List<String> frontendHosts = new ArrayList<>();

	/**
	 * Comma-separated list of accepted audiences. When set, a session token or an OAuth
	 * access token must carry one of them in its aud claim, and an M2M JWT that carries
	 * an aud too; when empty (blank entries count as none), aud is not checked.
	 */
	private List<String> audiences = new ArrayList<>();

	/**
	 * Clock skew tolerated when checking the exp, nbf and iat claims, and the expiry that
	 * Clerk reported for an opaque machine token.
	 */
	private Duration clockSkew = Duration.ofSeconds(5);

	/**
	 * Longest wait for a record that another transaction is writing: a user, an
	 * organization or membership, or a webhook event that another delivery is processing.
	 * After it, a request answers 503, a webhook delivery 503 (Clerk delivers it again),
	 * and a sync lists the record as failed and goes on. A webhook delivery's handlers,
	 * and every wait of a sync's transactions, for a row as well, run under it too. From
	 * 1 ms to 2147483647 ms (about 24.8 days), PostgreSQL's lock_timeout range.
	 */
	private Duration lockTimeout = Duration.ofSeconds(5);

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
	 * Command to run instead of serving requests, after which the application exits:
	 * create-superuser, sync, push-users. Usually given on the command line as
	 * --clerk.command=…, where an empty value is an unknown command, not none. While a
	 * command runs, a servlet application opens no port (server.port and
	 * management.server.port are -1), and a WebFlux one listens only on a random port of
	 * 127.0.0.1 (server.port 0, server.address 127.0.0.1, management.server.port -1).
	 */
	private @Nullable String command;

	/**
	 * Comma-separated list of the token types accepted by default on every filter chain:
	 * session_token, api_key, m2m_token, oauth_token, or any. A chain can set its own
	 * with the clerk() DSL (acceptsTokens). A token's type is told by its form; a type
	 * not accepted is refused with token-type-mismatch.
	 */
	private List<String> acceptsTokens = new ArrayList<>(List.of("session_token"));

	/**
	 * Machine secret key (ak_…) of this application's machine in Clerk. When set, opaque
	 * M2M tokens are verified with it, so that Clerk checks that the sending machine may
	 * call this one; otherwise with clerk.secret-key, which verifies any M2M token of the
	 * instance.
	 */
	private @Nullable String machineSecretKey;

	private final Api api = new Api();

	private final MachineTokens machineTokens = new MachineTokens();

	private final Jwks jwks = new Jwks();

	private final TokenCache tokenCache = new TokenCache();

	private final SessionCookie sessionCookie = new SessionCookie();

	private final Session session = new Session();

	private final Cache cache = new Cache();

	private final Schema schema = new Schema();

	private final Users users = new Users();

	private final Webhook webhook = new Webhook();

	private final Sync sync = new Sync();

	private final Health health = new Health();

	public @Nullable String getSecretKey() {
		return this.secretKey;
	}

	public void setSecretKey(@Nullable String secretKey) {
		this.secretKey = secretKey;
	}

	public @Nullable String getPublishableKey() {
		return this.publishableKey;
	}

	public void setPublishableKey(@Nullable String publishableKey) {
		this.publishableKey = publishableKey;
	}

	public @Nullable String getJwtKey() {
		return this.jwtKey;
	}

	public void setJwtKey(@Nullable String jwtKey) {
		this.jwtKey = jwtKey;
	}

	public @Nullable String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	public List<String> getAuthorizedParties() {
		return this.authorizedParties;
	}

	public void setAuthorizedParties(List<String> authorizedParties) {
		this.authorizedParties = authorizedParties;
	}

	public List<String> getFrontendHosts() {
		return this.frontendHosts;
	}

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
	 * The accepted audiences of {@code clerk.audiences}.
	 * @return the audiences, without blanks or duplicates
	 */
	public Set<String> acceptedAudiences() {
		Set<String> accepted = new LinkedHashSet<>();
		for (String audience : this.audiences) {
			if (audience != null && !audience.isBlank()) {
				accepted.add(audience.trim());
			}
		}
		return accepted;
	}

	public List<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	public boolean isAcceptPendingSessions() {
		return this.acceptPendingSessions;
	}

	public void setAcceptPendingSessions(boolean acceptPendingSessions) {
		this.acceptPendingSessions = acceptPendingSessions;
	}

	public InvalidTokenPolicy getInvalidTokenOnPublicPaths() {
		return this.invalidTokenOnPublicPaths;
	}

	public void setInvalidTokenOnPublicPaths(InvalidTokenPolicy invalidTokenOnPublicPaths) {
		this.invalidTokenOnPublicPaths = invalidTokenOnPublicPaths;
	}

	public @Nullable String getCommand() {
		return this.command;
	}

	public void setCommand(@Nullable String command) {
		this.command = command;
	}

	public Api getApi() {
		return this.api;
	}

	/**
	 * The value of {@code clerk.api-url}.
	 * @return the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.url}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "clerk.api.url", since = "0.1.0")
	public String getApiUrl() {
		return this.api.getUrl();
	}

	/**
	 * Sets {@code clerk.api-url}.
	 * @param url the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.url}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setApiUrl(String url) {
		this.api.alias("url", () -> this.api.setUrl(url));
	}

	/**
	 * The value of {@code clerk.api-version}.
	 * @return the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.version}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "clerk.api.version", since = "0.1.0")
	public String getApiVersion() {
		return this.api.getVersion();
	}

	/**
	 * Sets {@code clerk.api-version}.
	 * @param version the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.version}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setApiVersion(String version) {
		this.api.alias("version", () -> this.api.setVersion(version));
	}

	/**
	 * The value of {@code clerk.api-timeout}.
	 * @return the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.timeout}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "clerk.api.timeout", since = "0.1.0")
	public Duration getApiTimeout() {
		return this.api.getTimeout();
	}

	/**
	 * Sets {@code clerk.api-timeout}.
	 * @param timeout the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.timeout}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setApiTimeout(Duration timeout) {
		this.api.alias("timeout", () -> this.api.setTimeout(timeout));
	}

	/**
	 * The value of {@code clerk.api-max-retries}.
	 * @return the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.max-retries}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "clerk.api.max-retries", since = "0.1.0")
	public int getApiMaxRetries() {
		return this.api.getMaxRetries();
	}

	/**
	 * Sets {@code clerk.api-max-retries}.
	 * @param maxRetries the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.max-retries}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setApiMaxRetries(int maxRetries) {
		this.api.alias("maxRetries", () -> this.api.setMaxRetries(maxRetries));
	}

	/**
	 * The value of {@code clerk.api-max-retry-wait}.
	 * @return the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.max-retry-wait}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "clerk.api.max-retry-wait", since = "0.1.0")
	public Duration getApiMaxRetryWait() {
		return this.api.getMaxRetryWait();
	}

	/**
	 * Sets {@code clerk.api-max-retry-wait}.
	 * @param maxRetryWait the value
	 * @deprecated since 0.1.0, for removal in the next major version, in favour of
	 * {@code clerk.api.max-retry-wait}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setApiMaxRetryWait(Duration maxRetryWait) {
		this.api.alias("maxRetryWait", () -> this.api.setMaxRetryWait(maxRetryWait));
	}

	public Jwks getJwks() {
		return this.jwks;
	}

	public TokenCache getTokenCache() {
		return this.tokenCache;
	}

	public List<String> getAcceptsTokens() {
		return this.acceptsTokens;
	}

	public void setAcceptsTokens(List<String> acceptsTokens) {
		this.acceptsTokens = acceptsTokens;
	}

	public @Nullable String getMachineSecretKey() {
		return this.machineSecretKey;
	}

	public void setMachineSecretKey(@Nullable String machineSecretKey) {
		this.machineSecretKey = machineSecretKey;
	}

	public MachineTokens getMachineTokens() {
		return this.machineTokens;
	}

	public SessionCookie getSessionCookie() {
		return this.sessionCookie;
	}

	public Session getSession() {
		return this.session;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Schema getSchema() {
		return this.schema;
	}

	public Users getUsers() {
		return this.users;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	public Sync getSync() {
		return this.sync;
	}

	public Health getHealth() {
		return this.health;
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
	 * Validates itself and its groups: Spring Boot calls this once {@code clerk.*} is
	 * bound, for these properties and for each group bound under them
	 * ({@code clerk.jwks}, {@code clerk.health.webhooks}, …), and a value out of its
	 * range stops the application with a failure analysis that names the property, its
	 * value, where it was set and the rule.
	 * @param type the type to validate
	 * @return whether it is these properties or one of their groups
	 */
	@Override
	public boolean supports(Class<?> type) {
		return ClerkProperties.class.isAssignableFrom(type) || type.getName().startsWith(GROUP_PREFIX);
	}

	/**
	 * Checks every value of these properties, or of one of their groups, against its
	 * range: timeouts and intervals positive, sizes and skews not negative, the Backend
	 * API URL an absolute HTTP URL, the webhook path a literal path starting with
	 * {@code /}, the session cookie's name a cookie name, the reconcile fraction between
	 * 0 and 1. Each group is checked as Spring Boot binds it, so that its failure
	 * analysis finds where each value was set.
	 * @param target these properties, or one of their groups
	 * @param errors where each value out of its range is rejected
	 */
	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof ClerkProperties properties) {
			notNegative(errors, "clockSkew", properties.getClockSkew());
			if (properties.getLockTimeout().compareTo(Duration.ofMillis(1)) < 0) {
				reject(errors, "lockTimeout", "must be at least 1 ms");
			}
			else if (properties.getLockTimeout().compareTo(MAX_LOCK_TIMEOUT) > 0) {
				reject(errors, "lockTimeout", "must be at most " + MAX_LOCK_TIMEOUT.toMillis()
						+ " ms (about 24.8 days), the longest lock_timeout PostgreSQL takes");
			}
			origins(errors, "authorizedParties", properties.getAuthorizedParties());
			origins(errors, "frontendHosts", properties.getFrontendHosts());
			// The deprecated clerk.api-* names are bound after the clerk.api group is
			// checked: what they set is checked here, under the name it was set by.
			Api api = properties.getApi();
			validate(api, errors,
					(property) -> api.aliased.contains(property) ? "api" + StringUtils.capitalize(property) : null);
		}
		else if (target instanceof Api api) {
			validate(api, errors, (property) -> api.aliased.contains(property) ? null : property);
		}
		else if (target instanceof Jwks jwks) {
			positive(errors, "cacheTtl", jwks.getCacheTtl());
			notNegative(errors, "unknownKeyRefetchInterval", jwks.getUnknownKeyRefetchInterval());
			positive(errors, "timeout", jwks.getTimeout());
		}
		else if (target instanceof TokenCache tokenCache) {
			notNegative(errors, "maxSize", tokenCache.getMaxSize());
		}
		else if (target instanceof MachineTokens machineTokens) {
			notNegative(errors, "revocationInterval", machineTokens.getRevocationInterval());
			notNegative(errors, "refusalCacheTtl", machineTokens.getRefusalCacheTtl());
			notNegative(errors, "cacheMaxSize", machineTokens.getCacheMaxSize());
		}
		else if (target instanceof SessionCookie sessionCookie) {
			if (!StringUtils.hasText(sessionCookie.getName())) {
				reject(errors, "name", "must not be empty");
			}
			else if (!COOKIE_NAME.matcher(sessionCookie.getName()).matches()) {
				reject(errors, "name", "must be a cookie name: letters, digits and !#$%&'*+.^_`|~- (no spaces,"
						+ " separators such as ; , = or quotes)");
			}
		}
		else if (target instanceof Session session) {
			notNegative(errors, "revalidationInterval", session.getRevalidationInterval());
		}
		else if (target instanceof Cache cache) {
			notNegative(errors, "userTtl", cache.getUserTtl());
			notNegative(errors, "userMaxSize", cache.getUserMaxSize());
			String listenerUrl = cache.getListenerUrl();
			if (StringUtils.hasText(listenerUrl) && !isPostgresJdbcUrl(listenerUrl.trim())) {
				reject(errors, "listenerUrl",
						"must be a JDBC URL of PostgreSQL, such as jdbc:postgresql://db.example.com/app (the"
								+ " invalidation messages are PostgreSQL's LISTEN and NOTIFY)");
			}
		}
		else if (target instanceof Webhook webhook) {
			if (!webhook.getPath().startsWith("/")) {
				reject(errors, "path", "must start with /");
			}
			else if (!LITERAL_PATH.matcher(webhook.getPath()).matches()) {
				reject(errors, "path", "must be a literal path such as /webhooks/clerk: letters, digits and"
						+ " -._~!$&'()+,=:@ between single slashes, no . or .. segment, no pattern (* or {…}), query,"
						+ " %-escape or ;");
			}
			if (webhook.getMaxBodySize().toBytes() <= 0) {
				reject(errors, "maxBodySize", "must be positive");
			}
			positive(errors, "retention", webhook.getRetention());
			positive(errors, "cleanupInterval", webhook.getCleanupInterval());
		}
		else if (target instanceof Sync sync) {
			double fraction = sync.getReconcileMaxFraction();
			if (!(fraction >= 0 && fraction <= 1)) {
				reject(errors, "reconcileMaxFraction", "must be between 0 and 1");
			}
		}
		else if (target instanceof Health.Webhooks webhooks) {
			notNegative(errors, "maxUnprocessedAge", webhooks.getMaxUnprocessedAge());
			if (!StringUtils.hasText(webhooks.getStatus())) {
				reject(errors, "status", "must not be empty");
			}
		}
		else if (target instanceof Users users) {
			if (users.isGenerateUsernames() && !USERNAME_PREFIX.matcher(users.getUsernamePrefix()).matches()) {
				reject(errors, "usernamePrefix", "must be 1 to " + MAX_USERNAME_PREFIX_LENGTH
						+ " ASCII letters, digits, dots, hyphens or underscores (a generated username adds up to 33"
						+ " characters, and usernames hold " + ClerkUser.MAX_USERNAME_LENGTH + ")");
			}
		}
	}

	/**
	 * Checks the settings of the Backend API calls.
	 * @param api the settings
	 * @param errors where each value out of its range is rejected
	 * @param field the field that holds a property in the validated object, or
	 * {@code null} where the property is not checked there
	 */
	private static void validate(Api api, Errors errors, Function<String, @Nullable String> field) {
		String url = field.apply("url");
		if (url != null && !isHttpUrl(api.getUrl())) {
			reject(errors, url, "must be an absolute http or https URL");
		}
		else if (url != null && !isHttpsOrLocal(api.getUrl())) {
			reject(errors, url, "must be an https URL: plain http would carry the secret key in clear text "
					+ "(http is for a stand-in on this machine, such as the test kit's fake Clerk)");
		}
		String version = field.apply("version");
		if (version != null && !StringUtils.hasText(api.getVersion())) {
			reject(errors, version, "must not be empty: it is the Clerk-API-Version of every call");
		}
		String timeout = field.apply("timeout");
		if (timeout != null) {
			positive(errors, timeout, api.getTimeout());
		}
		String maxRetries = field.apply("maxRetries");
		if (maxRetries != null && api.getMaxRetries() < 0) {
			reject(errors, maxRetries, "must not be negative");
		}
		String maxRetryWait = field.apply("maxRetryWait");
		if (maxRetryWait != null) {
			notNegative(errors, maxRetryWait, api.getMaxRetryWait());
		}
		String requestRetryBudget = field.apply("requestRetryBudget");
		if (requestRetryBudget != null) {
			notNegative(errors, requestRetryBudget, api.getRequestRetryBudget());
		}
	}

	/**
	 * Rejects a value, naming its property as it is written in configuration: Spring Boot
	 * names the validated object ({@code clerk}, {@code clerk.jwks}, …) after its
	 * configuration prefix. The field stays the Java one, by which Spring Boot finds
	 * where the value was set (and which its {@code Property:} line shows, as it does for
	 * its own properties).
	 */
	private static void reject(Errors errors, String field, String rule) {
		errors.rejectValue(field, "clerk.range",
				errors.getObjectName() + "." + DataObjectPropertyName.toDashedForm(field) + " " + rule);
	}

	private static void positive(Errors errors, String field, Duration value) {
		if (value.isNegative() || value.isZero()) {
			reject(errors, field, "must be positive");
		}
		else {
			notTooLong(errors, field, value);
		}
	}

	private static void notNegative(Errors errors, String field, Duration value) {
		if (value.isNegative()) {
			reject(errors, field, "must not be negative");
		}
		else {
			notTooLong(errors, field, value);
		}
	}

	/**
	 * Rejects a duration longer than the nanoseconds a {@code long} counts, which the
	 * caches, timers and clients that take it count in: longer, it overflows there.
	 */
	private static void notTooLong(Errors errors, String field, Duration value) {
		if (value.compareTo(MAX_DURATION) > 0) {
			reject(errors, field, "must be at most 106751 days (about 292 years, the nanoseconds a timer counts)");
		}
	}

	private static void notNegative(Errors errors, String field, long value) {
		if (value < 0) {
			reject(errors, field, "must not be negative");
		}
	}

	/**
	 * Whether a URL is {@code https}, or plain {@code http} to this machine (a loopback
	 * address or {@code localhost}: a stand-in such as the test kit's fake Clerk), where
	 * nothing it carries crosses a network. Host names other than {@code localhost} are
	 * not looked up.
	 * @param url an absolute http or https URL
	 * @return whether keys and secrets may travel to it
	 */
	static boolean isHttpsOrLocal(String url) {
		if (url.regionMatches(true, 0, "https://", 0, "https://".length())) {
			return true;
		}
		try {
			String host = new URI(url).getHost();
			return host != null && LOOPBACK_HOST.matcher(host).matches();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * Rejects a list of authorized parties that holds something other than an origin
	 * ({@code scheme://host[:port]}, with one trailing slash at most, a port from 1 to
	 * 65535): a token's {@code azp} is the origin of the frontend that asked for it, so
	 * such an entry (a bare host, {@code *}, a URL with a path) would match no token.
	 * Neither would an origin that names its scheme's default port, which a browser
	 * leaves out of the origins it sends, nor one whose port is written otherwise than a
	 * browser writes it (empty after its colon, or with leading zeros): a token's
	 * {@code azp} is compared as text.
	 */
	private static void origins(Errors errors, String field, List<String> parties) {
		for (String party : parties) {
			if (party == null || party.isBlank()) {
				continue;
			}
			URI origin = origin(party.trim());
			if (origin == null) {
				reject(errors, field, "must list origins, such as https://app.example.com, which a token's azp is: '"
						+ party.trim() + "' is none");
				return;
			}
			if (isDefaultPort(origin)) {
				reject(errors, field, "must list origins as browsers write them, without the scheme's default port: '"
						+ party.trim() + "' is " + origin.getScheme() + "://" + origin.getHost());
				return;
			}
			String written = origin.getHost() + ((origin.getPort() != -1) ? ":" + origin.getPort() : "");
			if (!written.equals(origin.getRawAuthority())) {
				reject(errors, field, "must list origins as browsers write them, the port in plain digits if any: '"
						+ party.trim() + "' is " + origin.getScheme() + "://" + written);
				return;
			}
		}
	}

	private static @Nullable URI origin(String party) {
		String origin = party.endsWith("/") ? party.substring(0, party.length() - 1) : party;
		try {
			URI uri = new URI(origin);
			boolean isOrigin = uri.getScheme() != null && uri.getHost() != null && uri.getRawUserInfo() == null
					&& uri.getRawPath().isEmpty() && uri.getRawQuery() == null && uri.getRawFragment() == null
					&& (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535));
			return isOrigin ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static boolean isDefaultPort(URI origin) {
		String scheme = origin.getScheme().toLowerCase(Locale.ROOT);
		return (scheme.equals("https") && origin.getPort() == 443) || (scheme.equals("http") && origin.getPort() == 80);
	}

	/**
	 * Whether a JDBC URL is PostgreSQL's, also behind a wrapper's prefix
	 * ({@code jdbc:p6spy:postgresql://…}).
	 */
	private static boolean isPostgresJdbcUrl(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		int slashes = lower.indexOf("//");
		return lower.startsWith("jdbc:")
				&& ((slashes < 0) ? lower : lower.substring(0, slashes)).contains(":postgresql:");
	}

	private static boolean isHttpUrl(String url) {
		try {
			URI uri = new URI(url);
			return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
					&& uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * Settings of the calls to Clerk's Backend API.
	 */
	public static class Api {

		/**
		 * Base URL of Clerk's Backend API: https, or plain http only on this machine
		 * (localhost or a loopback address).
		 */
		private String url = "https://api.clerk.com/v1";

		/**
		 * Version of the Backend API requested in the Clerk-API-Version header.
		 */
		private String version = "2025-11-10";

		/**
		 * Timeout of a Backend API call, for connecting and for reading the response.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * How many times a Backend API call answered 429 Too Many Requests is retried,
		 * after waiting as long as its Retry-After header says (1 second without one).
		 */
		private int maxRetries = 3;

		/**
		 * Longest Retry-After wait honoured; a 429 asking for a longer wait fails at
		 * once.
		 */
		private Duration maxRetryWait = Duration.ofSeconds(60);

		/**
		 * Longest total wait for Clerk's rate limit while a request waits for an answer:
		 * at the first request of a new user, a 429 asking for longer creates the user
		 * from its token, to be completed later; for an opaque machine token, it is
		 * answered 503 with Retry-After; in a webhook delivery, the application's
		 * handlers included, it is answered 503 for Svix to deliver it again, and each
		 * event of a reprocessing is answered retry. Either way the request is not held.
		 */
		private Duration requestRetryBudget = Duration.ofSeconds(1);

		/**
		 * The properties set by their {@code clerk.api.*} names: a deprecated
		 * {@code clerk.api-*} alias changes none of them, whichever the binder sets
		 * first.
		 */
		private final Set<String> named = new HashSet<>();

		/**
		 * The properties set by a deprecated {@code clerk.api-*} alias.
		 */
		private final Set<String> aliased = new HashSet<>();

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
			named("url");
		}

		public String getVersion() {
			return this.version;
		}

		public void setVersion(String version) {
			this.version = version;
			named("version");
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
			named("timeout");
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			named("maxRetries");
		}

		public Duration getMaxRetryWait() {
			return this.maxRetryWait;
		}

		public void setMaxRetryWait(Duration maxRetryWait) {
			this.maxRetryWait = maxRetryWait;
			named("maxRetryWait");
		}

		private void named(String property) {
			this.named.add(property);
			this.aliased.remove(property);
		}

		/**
		 * Applies a deprecated alias of a property, unless the property is set by its own
		 * name.
		 * @param property the property's name in this class
		 * @param apply what sets it
		 */
		void alias(String property, Runnable apply) {
			if (!this.named.contains(property)) {
				apply.run();
				this.named.remove(property);
				this.aliased.add(property);
			}
		}

		public Duration getRequestRetryBudget() {
			return this.requestRetryBudget;
		}

		public void setRequestRetryBudget(Duration requestRetryBudget) {
			this.requestRetryBudget = requestRetryBudget;
		}

	}

	/**
	 * Settings of the sync from Clerk.
	 */
	public static class Sync {

		/**
		 * Largest share of the linked local users, organizations or memberships that one
		 * reconciliation may deactivate, from 0 to 1. A reconciliation that would
		 * deactivate more is refused before it changes anything, unless forced.
		 */
		private double reconcileMaxFraction = ReconcileGuard.DEFAULT_MAX_FRACTION;

		public double getReconcileMaxFraction() {
			return this.reconcileMaxFraction;
		}

		public void setReconcileMaxFraction(double reconcileMaxFraction) {
			this.reconcileMaxFraction = reconcileMaxFraction;
		}

	}

	/**
	 * How caches are kept coherent across instances.
	 */
	public enum Invalidation {

		/** PostgreSQL's LISTEN/NOTIFY, in the transaction of each change. */
		POSTGRES,

		/** None: each instance's time to live bounds staleness. */
		NONE

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
		 * id, or whose signature fails with the key held under their key id (a key that
		 * Clerk rotates keeps its id, the instance's); a flood of such tokens makes at
		 * most one fetch per interval; 0 turns that limit off, for tests only. Also the
		 * wait after a failed refresh of the keys held; without keys (a cold start), a
		 * failed fetch is tried again after 5 s, or after this interval when it is
		 * shorter.
		 */
		private Duration unknownKeyRefetchInterval = Duration.ofSeconds(30);

		/**
		 * Timeout of a key fetch. When a fetch fails, the keys fetched before are kept
		 * and used.
		 */
		private Duration timeout = Duration.ofSeconds(3);

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public Duration getUnknownKeyRefetchInterval() {
			return this.unknownKeyRefetchInterval;
		}

		public void setUnknownKeyRefetchInterval(Duration unknownKeyRefetchInterval) {
			this.unknownKeyRefetchInterval = unknownKeyRefetchInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Settings of the cache of verified session tokens.
	 */
	public static class TokenCache {

		/**
		 * Most verified tokens kept; each is kept until it expires, or until a key of
		 * Clerk's that verified tokens is retired. 0 turns the cache off.
		 */
		private long maxSize = 10_000;

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Settings of the cache of machine-token verifications (API keys, M2M and OAuth
	 * tokens).
	 */
	public static class MachineTokens {

		/**
		 * Longest time an accepted opaque machine token (API key, mt_… or oat_…) is taken
		 * from the cache without asking Clerk again: a token revoked in Clerk is refused
		 * at the latest this long after. JWT-format tokens cannot be revoked; they are
		 * verified again (locally) after this long, so that one whose key Clerk has taken
		 * out of the instance's keys is refused.
		 */
		private Duration revocationInterval = Duration.ofSeconds(60);

		/**
		 * How long a refused machine token is remembered as refused, so that the same
		 * invalid token sent again costs no Backend API call. Not a JWT refused for its
		 * signature, which costs no call to check again.
		 */
		private Duration refusalCacheTtl = Duration.ofSeconds(10);

		/**
		 * Most machine tokens remembered, accepted or refused. 0 turns the cache off.
		 */
		private long cacheMaxSize = 10_000;

		public Duration getRevocationInterval() {
			return this.revocationInterval;
		}

		public void setRevocationInterval(Duration revocationInterval) {
			this.revocationInterval = revocationInterval;
		}

		public Duration getRefusalCacheTtl() {
			return this.refusalCacheTtl;
		}

		public void setRefusalCacheTtl(Duration refusalCacheTtl) {
			this.refusalCacheTtl = refusalCacheTtl;
		}

		public long getCacheMaxSize() {
			return this.cacheMaxSize;
		}

		public void setCacheMaxSize(long cacheMaxSize) {
			this.cacheMaxSize = cacheMaxSize;
		}

	}

	/**
	 * Settings of session tokens read from Clerk's session cookie.
	 */
	public static class SessionCookie {

		/**
		 * Whether to read the session token from Clerk's session cookie when a request
		 * has no 'Authorization: Bearer' header (another scheme, Basic say, does not stop
		 * it). Requires clerk.authorized-parties, whose azp check is the CSRF defence for
		 * cookie tokens.
		 */
		private boolean enabled;

		/**
		 * Name of Clerk's session cookie.
		 */
		private String name = "__session";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	/**
	 * Settings of how a Clerk sign-in lives between requests.
	 */
	public static class Session {

		/**
		 * Servlet only. Whether a Clerk sign-in is kept in the HTTP session ('session')
		 * or every request carries its own token ('stateless').
		 */
		private SessionMode mode = SessionMode.STATELESS;

		/**
		 * Servlet only. In session mode, how long a Clerk sign-in kept in the HTTP
		 * session is trusted after its token was verified. After it, only a request with
		 * a valid token keeps the sign-in; a request without one is anonymous.
		 */
		private Duration revalidationInterval = Duration.ofMinutes(5);

		public SessionMode getMode() {
			return this.mode;
		}

		public void setMode(SessionMode mode) {
			this.mode = mode;
		}

		public Duration getRevalidationInterval() {
			return this.revalidationInterval;
		}

		public void setRevalidationInterval(Duration revalidationInterval) {
			this.revalidationInterval = revalidationInterval;
		}

	}

	/**
	 * Settings of the user cache.
	 */
	public static class Cache {

		/**
		 * How long a user is cached after it was read. With invalidation across instances
		 * off or disconnected, it bounds how long another instance may serve a user
		 * changed elsewhere.
		 */
		private Duration userTtl = Duration.ofMinutes(5);

		/**
		 * How the caches of the instances sharing the database are kept coherent:
		 * postgres (evictions sent with PostgreSQL's LISTEN/NOTIFY in the transaction of
		 * each change) or none (each instance's time to live bounds staleness).
		 */
		private Invalidation invalidation = Invalidation.POSTGRES;

		/**
		 * Most users kept in the cache. 0 turns the cache off.
		 */
		private long userMaxSize = 10_000;

		/**
		 * PostgreSQL JDBC URL (jdbc:postgresql:…) of the connection that listens for the
		 * other instances' evictions, when it cannot be the pool's: behind a pooler in
		 * transaction pooling mode, which delivers no notification, a URL that reaches
		 * PostgreSQL directly or through session pooling. The pool's credentials and
		 * driver properties apply (with a pool other than Hikari,
		 * spring.datasource.username and password); the URL's own parameters win. Unset
		 * or blank: the pool's URL.
		 */
		private @Nullable String listenerUrl;

		public Duration getUserTtl() {
			return this.userTtl;
		}

		public Invalidation getInvalidation() {
			return this.invalidation;
		}

		public void setInvalidation(Invalidation invalidation) {
			this.invalidation = invalidation;
		}

		public void setUserTtl(Duration userTtl) {
			this.userTtl = userTtl;
		}

		public long getUserMaxSize() {
			return this.userMaxSize;
		}

		public void setUserMaxSize(long userMaxSize) {
			this.userMaxSize = userMaxSize;
		}

		public @Nullable String getListenerUrl() {
			return this.listenerUrl;
		}

		public void setListenerUrl(@Nullable String listenerUrl) {
			this.listenerUrl = listenerUrl;
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

		public boolean isMigrate() {
			return this.migrate;
		}

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
		 * stored: created, or taking a local account (linked through its verified primary
		 * email, or a deleted user's taken over) that has none.
		 */
		private boolean generateUsernames;

		/**
		 * Prefix of generated usernames, followed by an underscore and 8 hexadecimal
		 * digits: 1 to 117 ASCII letters, digits, dots, hyphens or underscores.
		 */
		private String usernamePrefix = "user";

		public boolean isCreateOnFirstRequest() {
			return this.createOnFirstRequest;
		}

		public void setCreateOnFirstRequest(boolean createOnFirstRequest) {
			this.createOnFirstRequest = createOnFirstRequest;
		}

		public boolean isGenerateUsernames() {
			return this.generateUsernames;
		}

		public void setGenerateUsernames(boolean generateUsernames) {
			this.generateUsernames = generateUsernames;
		}

		public String getUsernamePrefix() {
			return this.usernamePrefix;
		}

		public void setUsernamePrefix(String usernamePrefix) {
			this.usernamePrefix = usernamePrefix;
		}

	}

	/**
	 * Settings of the webhook endpoint.
	 */
	public static class Webhook {

		/**
		 * Whether to set up webhook support: the inbox, the processor and its handlers,
		 * the retention of stored events, the clerkwebhooks Actuator endpoint, the
		 * webhooks part of the clerk health, and the webhook endpoint, which is
		 * registered only when a signing secret is set (or the application declares its
		 * own ClerkWebhookReceiver) and the users table is there.
		 */
		private boolean enabled = true;

		/**
		 * Path of the webhook endpoint: a literal path, not a pattern.
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
		 * How long processed and ignored events are kept, counted from when each was
		 * received; a failed event is kept until it is processed. A redelivery of a kept
		 * event has no effect.
		 */
		private Duration retention = Duration.ofDays(30);

		/**
		 * How often processed and ignored events, and records of ended sessions, older
		 * than the retention are deleted.
		 */
		private Duration cleanupInterval = Duration.ofHours(1);

		/**
		 * Whether to keep the data of events that no handler consumes. They are
		 * acknowledged and recorded either way; their data (the text of emails and SMS,
		 * with one-time codes and sign-in links) is kept only when true.
		 */
		private boolean storeUnhandledPayloads;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public List<String> getSigningSecrets() {
			return this.signingSecrets;
		}

		public void setSigningSecrets(List<String> signingSecrets) {
			this.signingSecrets = signingSecrets;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getCleanupInterval() {
			return this.cleanupInterval;
		}

		public void setCleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = cleanupInterval;
		}

		public boolean isStoreUnhandledPayloads() {
			return this.storeUnhandledPayloads;
		}

		public void setStoreUnhandledPayloads(boolean storeUnhandledPayloads) {
			this.storeUnhandledPayloads = storeUnhandledPayloads;
		}

	}

	/**
	 * The {@code clerk} health contributor.
	 */
	public static class Health {

		private final Webhooks webhooks = new Webhooks();

		public Webhooks getWebhooks() {
			return this.webhooks;
		}

		/**
		 * The {@code clerk.webhooks} health indicator.
		 */
		public static class Webhooks {

			/**
			 * Age of the oldest unprocessed (received or failed) webhook event above
			 * which the webhooks health reports the configured status.
			 */
			private Duration maxUnprocessedAge = Duration.ofHours(1);

			/**
			 * Health status reported while an unprocessed webhook event is older than
			 * max-unprocessed-age: DOWN, OUT_OF_SERVICE, or a custom status (then also
			 * give it an order in management.endpoint.health.status.order).
			 */
			private String status = "DOWN";

			public Duration getMaxUnprocessedAge() {
				return this.maxUnprocessedAge;
			}

			public void setMaxUnprocessedAge(Duration maxUnprocessedAge) {
				this.maxUnprocessedAge = maxUnprocessedAge;
			}

			public String getStatus() {
				return this.status;
			}

			public void setStatus(String status) {
				this.status = status;
			}

		}

	}

}
