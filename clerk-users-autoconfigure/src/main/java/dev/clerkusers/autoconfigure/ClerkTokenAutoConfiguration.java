package dev.clerkusers.autoconfigure;

import java.time.Clock;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.BackendApiMachineTokenVerifier;
import dev.clerkusers.token.CachingClerkMachineTokenVerifier;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkJwtDecoder;
import dev.clerkusers.token.ClerkKeySource;
import dev.clerkusers.token.ClerkMachineTokenVerifier;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.token.DefaultClerkMachineTokenVerifier;
import dev.clerkusers.token.HttpJwksFetcher;
import dev.clerkusers.token.JwksKeySource;
import dev.clerkusers.token.LocalMachineJwtVerifier;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.PemKeySource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.client.RestClient;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Clerk session-token verification,
 * on its own: no database and no web application needed.
 * <ul>
 * <li>One {@link ClerkKeySource}, chosen by conditions: a PEM key
 * ({@code clerk.jwt-key}); else the Backend API's keys ({@code clerk.secret-key}); else
 * the Frontend API's keys ({@code clerk.publishable-key} or {@code clerk.issuer}). The
 * condition evaluation report says which, and why.</li>
 * <li>The {@link ClerkTokenVerifier} on it, with the verified-token cache and every
 * {@code OAuth2TokenValidator<Jwt>} bean of the application as extra rules; without any
 * key source, startup fails with a message naming the properties.</li>
 * <li>A {@link JwtDecoder} view of the verifier ({@link ClerkJwtDecoder}), unless the
 * application has a {@code JwtDecoder} of its own or configures Spring Boot's resource
 * server ({@code spring.security.oauth2.resourceserver.jwt.*}) for another identity
 * provider.</li>
 * <li>The {@link AcceptedTokenTypes} of {@code clerk.accepts-tokens} (session tokens only
 * by default), and the {@link ClerkMachineTokenVerifier} that verifies API keys, M2M and
 * OAuth tokens where a filter chain accepts them: JWTs locally, opaque tokens with the
 * Backend API (with {@code clerk.secret-key}), cached.</li>
 * <li>Under lazy initialization, the library's beans are still created at start-up, so
 * that its checks stop a misconfigured application there.</li>
 * </ul>
 */
@AutoConfiguration(after = ClerkApiAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration" },
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass(SignedJWT.class)
@EnableConfigurationProperties(ClerkProperties.class)
public final class ClerkTokenAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkTokenAutoConfiguration.class);

	/**
	 * The library's beans start with the application, also under
	 * {@code spring.main.lazy-initialization=true}: their start-up checks (a key source,
	 * the keys and secrets parse, known token types), the schema migration and the
	 * listeners run at start-up, where a misconfiguration stops the application, not at a
	 * first request that would then fail.
	 * @return the filter that keeps them eager
	 */
	@Bean
	static LazyInitializationExcludeFilter clerkUsersEagerBeans() {
		return (beanName, definition, beanType) -> beanType.getName().startsWith("dev.clerkusers.");
	}

	@Bean
	@ConditionalOnMissingBean(ClerkKeySource.class)
	@Conditional(OnPemKeyCondition.class)
	PemKeySource clerkPemKeySource(ClerkProperties properties) {
		String pem = ClerkSettings.jwtKey(properties);
		if (pem == null) {
			throw AheadOfTimeBuild.isActive()
					? AheadOfTimeBuild.unsetSinceBuild("clerk.jwt-key", "to verify tokens with that key")
					: new IllegalStateException("OnPemKeyCondition matched without a key");
		}
		try {
			return new PemKeySource(pem);
		}
		catch (IllegalArgumentException ex) {
			throw new ClerkConfigurationException("clerk.jwt-key",
					"clerk.jwt-key holds no key it can use. " + ex.getMessage(),
					"Copy the JWKS Public Key (PEM) from the Clerk dashboard, API keys page.");
		}
	}

	@Bean
	@ConditionalOnMissingBean(ClerkKeySource.class)
	@Conditional(OnBackendApiKeysCondition.class)
	JwksKeySource clerkBackendApiKeySource(ClerkProperties properties, ObjectProvider<RestClient.Builder> builders,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ClerkRestClientCustomizer> customizers) {
		String secretKey = ClerkSettings.secretKey(properties);
		if (secretKey == null) {
			throw AheadOfTimeBuild.isActive()
					? AheadOfTimeBuild.unsetSinceBuild("clerk.secret-key",
							"to fetch the keys that verify tokens from Clerk's Backend API with it")
					: new IllegalStateException("OnBackendApiKeysCondition matched without a secret key");
		}
		warnOfUnusedJwtKey(properties);
		RestClient.Builder builder = jwksClient(properties, builders, requestFactoryBuilders, settings, customizers);
		return keySource(properties, HttpJwksFetcher.backendApi(properties.getApi().getUrl(), secretKey,
				properties.getApi().getVersion(), builder));
	}

	@Bean
	@ConditionalOnMissingBean(ClerkKeySource.class)
	@Conditional(OnFrontendApiKeysCondition.class)
	JwksKeySource clerkFrontendApiKeySource(ClerkProperties properties, ObjectProvider<RestClient.Builder> builders,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ClerkRestClientCustomizer> customizers) {
		String issuer = ClerkSettings.issuer(properties);
		if (issuer == null) {
			throw AheadOfTimeBuild.isActive()
					? AheadOfTimeBuild.unsetSinceBuild("clerk.publishable-key",
							"to fetch the keys that verify tokens from the Frontend API it names (or clerk.issuer)")
					: new IllegalStateException("OnFrontendApiKeysCondition matched without an issuer");
		}
		warnOfUnusedJwtKey(properties);
		RestClient.Builder builder = jwksClient(properties, builders, requestFactoryBuilders, settings, customizers);
		return keySource(properties, HttpJwksFetcher.frontendApi(issuer, builder));
	}

	/**
	 * A key set chosen by an ahead-of-time build without {@code clerk.jwt-key}, which the
	 * run sets: the key set verifies the tokens, not the key.
	 */
	private static void warnOfUnusedJwtKey(ClerkProperties properties) {
		if (AheadOfTimeBuild.isActive() && ClerkSettings.jwtKey(properties) != null) {
			logger.warn(AheadOfTimeBuild.setSinceBuild("clerk.jwt-key",
					"it is not used, nor read; the key set the build chose verifies the tokens"));
		}
	}

	private static RestClient.Builder jwksClient(ClerkProperties properties,
			ObjectProvider<RestClient.Builder> builders,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ClerkRestClientCustomizer> customizers) {
		ClerkHttpClients clients = new ClerkHttpClients(builders, requestFactoryBuilders, settings, customizers);
		RestClient.Builder builder = clients.restClientBuilder()
			.requestFactory(clients.requestFactory(properties.getJwks().getTimeout()));
		clients.customize(builder);
		return builder;
	}

	private static JwksKeySource keySource(ClerkProperties properties, HttpJwksFetcher fetcher) {
		ClerkProperties.Jwks jwks = properties.getJwks();
		return new JwksKeySource(fetcher, jwks.getCacheTtl(), jwks.getUnknownKeyRefetchInterval(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkTokenVerifier clerkTokenVerifier(ClerkProperties properties, ObjectProvider<ClerkKeySource> keySources,
			ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
		ClerkKeySource keys = keySources.getIfAvailable();
		if (keys == null) {
			throw new ClerkConfigurationException("clerk.secret-key", "There is no way to verify Clerk session tokens",
					"Set clerk.secret-key (CLERK_SECRET_KEY) to your instance's secret key, or clerk.publishable-key "
							+ "(CLERK_PUBLISHABLE_KEY), or clerk.issuer to its Frontend API URL (either has the "
							+ "keys fetched from the Frontend API), or clerk.jwt-key to its PEM public key for "
							+ "verification without network calls.");
		}
		String issuer = ClerkSettings.issuer(properties);
		Set<String> parties = properties.allAuthorizedParties();
		if (properties.getSessionCookie().isEnabled() && parties.isEmpty()) {
			throw new ClerkConfigurationException("clerk.authorized-parties",
					"clerk.session-cookie.enabled is true but clerk.authorized-parties is empty",
					"Set clerk.authorized-parties to the origins of your frontend (for example "
							+ "https://app.example.com): for tokens read from a cookie, the azp check is the defence "
							+ "against cross-site requests. Or turn clerk.session-cookie.enabled off.");
		}
		if (parties.isEmpty()) {
			logger.warn("clerk.authorized-parties is empty, so the authorized party (azp) of session tokens is not "
					+ "checked; set it to the origins of your frontend");
		}
		if (issuer == null) {
			logger.warn("Neither clerk.publishable-key nor clerk.issuer is set, so the issuer (iss) of session tokens "
					+ "is not checked; set one of them");
		}
		String issuerMismatch = ClerkSettings.issuerMismatch(properties);
		if (issuerMismatch != null) {
			logger.warn(issuerMismatch);
		}
		String instanceMismatch = ClerkSettings.instanceMismatch(properties);
		if (instanceMismatch != null) {
			logger.warn(instanceMismatch);
		}
		Clock clock = Clock.systemUTC();
		NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier.withKeys(keys)
			.issuer(issuer)
			.authorizedParties(parties)
			.audiences(properties.acceptedAudiences())
			.clockSkew(properties.getClockSkew())
			.acceptPendingSessions(properties.isAcceptPendingSessions())
			.validators(validators.orderedStream().toList())
			.clock(clock)
			.build();
		long cacheSize = properties.getTokenCache().getMaxSize();
		if (cacheSize <= 0) {
			return verifier;
		}
		CachingClerkTokenVerifier caching = new CachingClerkTokenVerifier(verifier, cacheSize,
				properties.getClockSkew(), clock);
		if (keys instanceof JwksKeySource fetched) {
			// A token verified with a key Clerk rotated out is not served from memory.
			fetched.addKeyRetiredListener(caching::clear);
		}
		return caching;
	}

	@Bean
	@ConditionalOnMissingBean
	AcceptedTokenTypes clerkAcceptedTokenTypes(ClerkProperties properties) {
		try {
			return AcceptedTokenTypes.parse(properties.getAcceptsTokens());
		}
		catch (IllegalArgumentException ex) {
			throw new ClerkConfigurationException("clerk.accepts-tokens", String.valueOf(ex.getMessage()),
					"Set clerk.accepts-tokens to a comma-separated list of session_token, api_key, m2m_token and "
							+ "oauth_token, or to any.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ClerkKeySource.class)
	ClerkMachineTokenVerifier clerkMachineTokenVerifier(ClerkProperties properties,
			ObjectProvider<ClerkKeySource> keySources, ObjectProvider<ClerkApiClient> api,
			AcceptedTokenTypes acceptedTokenTypes) {
		ClerkKeySource keys = keySources.getIfAvailable();
		if (keys == null) {
			throw new IllegalStateException("clerkTokenVerifier needs a key source, and was created without one");
		}
		String machineSecretKey = ClerkSettings.machineSecretKey(properties);
		ClerkApiClient client = api.getIfAvailable();
		Clock clock = Clock.systemUTC();
		DefaultClerkMachineTokenVerifier verifier = new DefaultClerkMachineTokenVerifier(
				new LocalMachineJwtVerifier(keys, properties.getClockSkew(), clock),
				(client != null) ? new BackendApiMachineTokenVerifier(
						// A request waits for it: Clerk's rate limit within the request's
						// budget only.
						client.withRetryBudget(properties.getApi().getRequestRetryBudget()), machineSecretKey,
						properties.getClockSkew(), clock) : null);
		verifier.setAudiences(properties.acceptedAudiences());
		if (!verifier.verifiesOpaqueTokens() && acceptedTokenTypes.acceptsMachineTokens()) {
			String cannot = "opaque API keys, M2M and OAuth tokens cannot be verified (answered 503), only JWT-format"
					+ " ones";
			logger.warn((AheadOfTimeBuild.isActive() && ClerkSettings.secretKey(properties) != null)
					? AheadOfTimeBuild.setSinceBuild("clerk.secret-key",
							"clerk.accepts-tokens accepts " + acceptedTokenTypes
									+ ", but there is no Backend API client, so " + cannot)
					: "clerk.accepts-tokens accepts " + acceptedTokenTypes + " but clerk.secret-key is not set: "
							+ cannot);
		}
		ClerkProperties.MachineTokens settings = properties.getMachineTokens();
		if (settings.getCacheMaxSize() <= 0) {
			return verifier;
		}
		CachingClerkMachineTokenVerifier caching = new CachingClerkMachineTokenVerifier(verifier,
				settings.getCacheMaxSize(), settings.getRevocationInterval(), settings.getRefusalCacheTtl(),
				properties.getClockSkew(), clock);
		if (keys instanceof JwksKeySource fetched) {
			// As for session tokens: no JWT stays accepted on a key Clerk rotated out.
			fetched.addKeyRetiredListener(caching::forgetJwts);
		}
		return caching;
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	@Conditional(NoResourceServerJwtPropertiesCondition.class)
	ClerkJwtDecoder clerkJwtDecoder(ClerkTokenVerifier verifier) {
		return new ClerkJwtDecoder(verifier);
	}

	private static boolean hasText(Environment environment, String property) {
		return ClerkSettings.isSet(environment, property);
	}

	/**
	 * Matches unless the application configures Spring Boot's resource server for another
	 * identity provider: {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} or
	 * {@code public-key-location}, or an {@code issuer-uri} other than Clerk's issuer.
	 * Its tokens are that provider's, whose {@code JwtDecoder} Spring Boot then builds.
	 * An {@code issuer-uri} of Clerk's own keeps Clerk's view, which applies all of
	 * Clerk's rules where Spring Boot's decoder would check the signature, issuer and
	 * times only.
	 */
	static final class NoResourceServerJwtPropertiesCondition extends SpringBootCondition {

		private static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Spring Boot resource server properties");
			Environment environment = context.getEnvironment();
			for (String property : new String[] { "jwk-set-uri", "public-key-location" }) {
				if (hasText(environment, PREFIX + property)) {
					return ConditionOutcome.noMatch(message.found("property").items(PREFIX + property));
				}
			}
			String issuerUri = ClerkSettings.trimToNull(environment.getProperty(PREFIX + "issuer-uri"));
			if (issuerUri != null && !sameIssuer(issuerUri, clerkIssuer(environment))) {
				return ConditionOutcome.noMatch(message.found("property").items(PREFIX + "issuer-uri"));
			}
			return ConditionOutcome.match(message.didNotFind("property of another identity provider").atAll());
		}

		private static @Nullable String clerkIssuer(Environment environment) {
			try {
				return ClerkSettings.issuer(
						Binder.get(environment).bind("clerk", ClerkProperties.class).orElseGet(ClerkProperties::new));
			}
			catch (RuntimeException ex) {
				// A malformed key is reported where the keys are configured.
				return null;
			}
		}

		private static boolean sameIssuer(String issuerUri, @Nullable String clerkIssuer) {
			return clerkIssuer != null && stripSlash(issuerUri).equals(stripSlash(clerkIssuer));
		}

		private static String stripSlash(String url) {
			return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		}

	}

	/**
	 * Matches when {@code clerk.jwt-key} is set: verification with a PEM key, without
	 * network calls.
	 */
	static final class OnPemKeyCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Clerk PEM key");
			return hasText(context.getEnvironment(), "clerk.jwt-key")
					? ConditionOutcome.match(message.found("property").items("clerk.jwt-key"))
					: ConditionOutcome.noMatch(message.didNotFind("property").items("clerk.jwt-key"));
		}

	}

	/**
	 * Matches when {@code clerk.secret-key} is set and {@code clerk.jwt-key} is not: keys
	 * from the Backend API.
	 */
	static final class OnBackendApiKeysCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Clerk Backend API keys");
			Environment environment = context.getEnvironment();
			if (hasText(environment, "clerk.jwt-key")) {
				return ConditionOutcome.noMatch(message.found("property").items("clerk.jwt-key"));
			}
			return hasText(environment, "clerk.secret-key")
					? ConditionOutcome.match(message.found("property").items("clerk.secret-key"))
					: ConditionOutcome.noMatch(message.didNotFind("property").items("clerk.secret-key"));
		}

	}

	/**
	 * Matches when {@code clerk.publishable-key} or {@code clerk.issuer} is set and
	 * neither {@code clerk.jwt-key} nor {@code clerk.secret-key} is: keys from the
	 * Frontend API.
	 */
	static final class OnFrontendApiKeysCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Clerk Frontend API keys");
			Environment environment = context.getEnvironment();
			for (String stronger : new String[] { "clerk.jwt-key", "clerk.secret-key" }) {
				if (hasText(environment, stronger)) {
					return ConditionOutcome.noMatch(message.found("property").items(stronger));
				}
			}
			for (String property : new String[] { "clerk.issuer", "clerk.publishable-key" }) {
				if (hasText(environment, property)) {
					return ConditionOutcome.match(message.found("property").items(property));
				}
			}
			return ConditionOutcome
				.noMatch(message.didNotFind("property").items("clerk.issuer", "clerk.publishable-key"));
		}

	}

}
