package dev.clerkusers.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.security.ClerkArgumentResolvers;
import dev.clerkusers.security.ClerkAuthenticationFilter;
import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.security.ClerkConfigurer;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.security.ClerkSessionLogins;
import dev.clerkusers.security.ClerkTokenResolver;
import dev.clerkusers.security.ClerkUserDetailsService;
import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkKeySource;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.token.HttpJwksFetcher;
import dev.clerkusers.token.JwksKeySource;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.PemKeySource;
import dev.clerkusers.user.ClerkUserLoader;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.EndedSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Clerk session authentication
 * beside form login.
 * <ul>
 * <li>A {@link ClerkTokenVerifier} on the configured key source, checked at startup: a
 * PEM key ({@code clerk.jwt-key}), else the Backend API's keys
 * ({@code clerk.secret-key}), else the Frontend API's keys ({@code clerk.publishable-key}
 * or {@code clerk.issuer}); none of them is a startup failure.</li>
 * <li>A {@code Customizer<HttpSecurity>} bean that applies {@link ClerkConfigurer} to
 * every filter chain the application builds; the authentication provider is deliberately
 * not a bean.</li>
 * <li>Form login over the users table ({@link ClerkUserDetailsService}), unless the
 * application has its own {@link UserDetailsService}.</li>
 * <li>A default filter chain (everything authenticated, form login on) only when the
 * application defines none.</li>
 * <li>The {@code @CurrentClerkUser} and {@code ClerkSessionClaims} argument
 * resolvers.</li>
 * </ul>
 */
@AutoConfiguration(after = { ClerkUsersAutoConfiguration.class, ClerkApiAutoConfiguration.class }, beforeName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(EnableWebSecurity.class)
@ConditionalOnBean(ClerkUserService.class)
public final class ClerkSecurityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkSecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ClerkTokenVerifier clerkTokenVerifier(ClerkProperties properties) {
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
		Clock clock = Clock.systemUTC();
		NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier.withKeys(keySource(properties, issuer, clock))
			.issuer(issuer)
			.authorizedParties(parties)
			.audiences(properties.getAudiences())
			.clockSkew(properties.getClockSkew())
			.acceptPendingSessions(properties.isAcceptPendingSessions())
			.clock(clock)
			.build();
		long cacheSize = properties.getTokenCache().getMaxSize();
		return (cacheSize > 0) ? new CachingClerkTokenVerifier(verifier, cacheSize, properties.getClockSkew(), clock)
				: verifier;
	}

	private static ClerkKeySource keySource(ClerkProperties properties, @Nullable String issuer, Clock clock) {
		String pem = ClerkSettings.jwtKey(properties);
		if (pem != null) {
			try {
				return new PemKeySource(pem);
			}
			catch (IllegalArgumentException ex) {
				throw new ClerkConfigurationException("clerk.jwt-key",
						"clerk.jwt-key is not a PEM RSA public key: " + ex.getMessage(),
						"Copy the JWKS Public Key (PEM) from the Clerk dashboard, API keys page.");
			}
		}
		ClerkProperties.Jwks jwks = properties.getJwks();
		String secretKey = ClerkSettings.secretKey(properties);
		if (secretKey != null) {
			return new JwksKeySource(HttpJwksFetcher.backendApi(properties.getApiUrl(), secretKey,
					properties.getApiVersion(), jwks.getTimeout()), jwks.getCacheTtl(),
					jwks.getUnknownKeyRefetchInterval(), clock);
		}
		if (issuer != null) {
			return new JwksKeySource(HttpJwksFetcher.frontendApi(issuer, jwks.getTimeout()), jwks.getCacheTtl(),
					jwks.getUnknownKeyRefetchInterval(), clock);
		}
		throw new ClerkConfigurationException("clerk.secret-key", "There is no way to verify Clerk session tokens",
				"Set clerk.secret-key (CLERK_SECRET_KEY) to your instance's secret key, or clerk.publishable-key "
						+ "(CLERK_PUBLISHABLE_KEY), or clerk.jwt-key to its PEM public key for verification without "
						+ "network calls.");
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkAuthoritiesMapper clerkAuthoritiesMapper() {
		return new DefaultClerkAuthoritiesMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkUserLoader clerkUserLoader(ClerkUserService users, ClerkUserSynchronizer synchronizer,
			ObjectProvider<ClerkApiClient> api, ClerkProperties properties) {
		return new ClerkUserLoader(users, synchronizer, api.getIfAvailable(),
				properties.getUsers().isCreateOnFirstRequest());
	}

	@Bean
	@ConditionalOnMissingBean(UserDetailsService.class)
	ClerkUserDetailsService clerkUserDetailsService(ClerkUserService users, ClerkAuthoritiesMapper authoritiesMapper) {
		return new ClerkUserDetailsService(users, authoritiesMapper);
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 100)
	Customizer<HttpSecurity> clerkHttpSecurityCustomizer(ClerkTokenVerifier verifier, ClerkUserLoader loader,
			ClerkAuthoritiesMapper authoritiesMapper, ClerkProperties properties, ClerkUserService users,
			EndedSessions endedSessions, ObjectProvider<ClerkOrganizationSelector> organizationSelector) {
		Clock clock = Clock.systemUTC();
		ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider(verifier, loader, authoritiesMapper,
				clock);
		ClerkTokenResolver resolver = new ClerkTokenResolver(properties.getSessionCookie().isEnabled(),
				properties.getSessionCookie().getName());
		ClerkSessionLogins sessionLogins = (properties.getSession().getMode() == ClerkProperties.SessionMode.SESSION)
				? new ClerkSessionLogins(properties.getSession().getRevalidationInterval(), users, endedSessions,
						authoritiesMapper, clock)
				: null;
		boolean anonymous = properties.getInvalidTokenOnPublicPaths() == ClerkProperties.InvalidTokenPolicy.ANONYMOUS;
		return (http) -> http.with(
				new ClerkConfigurer(provider,
						(manager, entryPoint) -> new ClerkAuthenticationFilter(manager, resolver, entryPoint, anonymous,
								organizationSelector.getIfAvailable(), authoritiesMapper, sessionLogins)),
				Customizer.withDefaults());
	}

	@Bean
	WebMvcConfigurer clerkArgumentResolversConfigurer() {
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new ClerkArgumentResolvers.CurrentUserResolver());
				resolvers.add(new ClerkArgumentResolvers.SessionClaimsResolver());
			}

		};
	}

	/**
	 * The filter chain of an application that defines none: every request authenticated,
	 * with a Clerk token or through the login form.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultWebSecurity
	static class DefaultSecurityFilterChainConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE - 5)
		SecurityFilterChain clerkDefaultSecurityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin(Customizer.withDefaults());
			return http.build();
		}

	}

}
