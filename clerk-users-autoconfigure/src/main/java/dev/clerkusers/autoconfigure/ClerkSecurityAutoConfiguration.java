package dev.clerkusers.autoconfigure;

import java.time.Clock;
import java.util.List;

import dev.clerkusers.security.ClerkArgumentResolvers;
import dev.clerkusers.security.ClerkAuthenticationEntryPoint;
import dev.clerkusers.security.ClerkAuthenticationEvents;
import dev.clerkusers.security.ClerkAuthenticationFailureHandler;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.security.ClerkConfigurer;
import dev.clerkusers.security.ClerkOrganizationMemberships;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.security.ClerkServiceUnavailableExceptionResolver;
import dev.clerkusers.security.ClerkSessionSecurityContextRepository;
import dev.clerkusers.security.ClerkStoredSignInsConfigurer;
import dev.clerkusers.security.ClerkSessionCookie;
import dev.clerkusers.security.ClerkTokenAuthenticationConverter;
import dev.clerkusers.security.ClerkUserDetailsService;
import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.user.ClerkUserLoader;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.EndedSessions;
import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Clerk session authentication in a
 * servlet application, beside form login.
 * <ul>
 * <li>A {@code Customizer<HttpSecurity>} bean applies {@link ClerkConfigurer#clerk()} to
 * every filter chain the application builds, and
 * {@link ClerkStoredSignInsConfigurer#storedSignIns()}, which checks the sign-ins kept in
 * the HTTP session on a chain that turns Clerk off; the authentication provider is
 * deliberately not a bean.</li>
 * <li>The DSL's collaborators, configured from {@code clerk.*}: the
 * {@link ClerkSessionCookie} that its {@link ClerkTokenAuthenticationConverter} reads
 * ({@code clerk.session-cookie.*}), the {@link ClerkAuthenticationFailureHandler}
 * ({@code clerk.invalid-token-on-public-paths}) and, in session mode, the
 * {@link ClerkSessionSecurityContextRepository}. The library declares no converter bean:
 * Spring Security's resource server would take an {@code AuthenticationConverter} bean
 * for its own, on every chain.</li>
 * <li>With the users table: the {@link ClerkUserLoader} (the principal is the local
 * user), and form login over it ({@link ClerkUserDetailsService}) unless the application
 * has its own {@link UserDetailsService}. Without it, the principal is the token's
 * claims.</li>
 * <li>A default filter chain (everything authenticated, form login when there is a
 * {@code UserDetailsService}) only when the application defines none.</li>
 * <li>The library's authentication exceptions mapped to Spring Security's failure events
 * on the application's {@code DefaultAuthenticationEventPublisher}
 * ({@link ClerkAuthenticationEvents}).</li>
 * <li>The {@code @CurrentClerkUser}, {@code @CurrentClerkMachine} and
 * {@code ClerkSessionClaims} argument resolvers.</li>
 * </ul>
 */
@AutoConfiguration(
		after = { ClerkTokenAutoConfiguration.class, ClerkUsersAutoConfiguration.class,
				ClerkApiAutoConfiguration.class },
		beforeName = {
				"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(EnableWebSecurity.class)
@ConditionalOnBean(ClerkTokenVerifier.class)
@EnableConfigurationProperties(ClerkProperties.class)
@Import(WebhookWithoutUsersConfiguration.class)
public final class ClerkSecurityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkSecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ClerkAuthoritiesMapper clerkAuthoritiesMapper() {
		return new DefaultClerkAuthoritiesMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClerkProperty(name = "clerk.session-cookie.enabled")
	ClerkSessionCookie clerkSessionCookie(ClerkProperties properties) {
		return ClerkSettings.sessionCookie(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkAuthenticationFailureHandler clerkAuthenticationFailureHandler(ClerkProperties properties) {
		return (properties.getInvalidTokenOnPublicPaths() == ClerkProperties.InvalidTokenPolicy.ANONYMOUS)
				? ClerkAuthenticationFailureHandler.anonymous()
				: ClerkAuthenticationFailureHandler.refusing(new ClerkAuthenticationEntryPoint());
	}

	@Bean
	static ClerkAuthenticationEvents clerkAuthenticationEvents() {
		return new ClerkAuthenticationEvents();
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 100)
	Customizer<HttpSecurity> clerkHttpSecurityCustomizer() {
		return (http) -> http.with(ClerkConfigurer.clerk(), Customizer.withDefaults())
			.with(ClerkStoredSignInsConfigurer.storedSignIns(), Customizer.withDefaults());
	}

	/**
	 * Session mode without the users table: a Clerk sign-in kept in the HTTP session is
	 * checked against the users table, so the setting cannot take effect, and start-up
	 * says so.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ClerkUserService.class)
	@ConditionalOnClerkProperty(name = "clerk.session.mode", type = ClerkProperties.SessionMode.class,
			havingValue = "session")
	static class SessionModeWithoutUsersConfiguration {

		SessionModeWithoutUsersConfiguration() {
			logger.warn("clerk.session.mode=session has no effect without the users table (Spring Data JPA and a "
					+ "DataSource): Clerk sign-ins are not kept in the HTTP session, and every request is "
					+ "authenticated by its token");
		}

	}

	/**
	 * The users table: the principal is the local user, and staff sign in with a form.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ClerkUserService.class)
	@Import(ClerkUserLoaderConfiguration.class)
	static class UsersConfiguration {

		@Bean
		@ConditionalOnMissingBean(UserDetailsService.class)
		ClerkUserDetailsService clerkUserDetailsService(ClerkUserService users,
				ClerkAuthoritiesMapper authoritiesMapper) {
			return new ClerkUserDetailsService(users, authoritiesMapper);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClerkProperty(name = "clerk.session.mode", type = ClerkProperties.SessionMode.class,
				havingValue = "session")
		ClerkSessionSecurityContextRepository clerkSessionSecurityContextRepository(ClerkUserService users,
				EndedSessions endedSessions, ClerkAuthoritiesMapper authoritiesMapper, ClerkProperties properties,
				ObjectProvider<Clock> clock, ObjectProvider<ClerkOrganizationMemberships> memberships,
				ObjectProvider<ClerkOrganizationSelector> organizationSelector) {
			ClerkSessionSecurityContextRepository repository = new ClerkSessionSecurityContextRepository(users,
					endedSessions);
			repository.setRevalidationInterval(properties.getSession().getRevalidationInterval());
			repository.setAuthoritiesMapper(authoritiesMapper);
			clock.ifUnique(repository::setClock);
			memberships.ifUnique(repository::setOrganizationMemberships);
			organizationSelector.ifUnique(repository::setOrganizationSelector);
			return repository;
		}

	}

	/**
	 * The argument resolvers of Spring MVC controllers.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class WebMvcConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clerkArgumentResolversConfigurer")
		WebMvcConfigurer clerkArgumentResolversConfigurer(ObjectProvider<ClerkUserLoader> userLoader,
				ObjectProvider<Clock> clock) {
			return new WebMvcConfigurer() {

				@Override
				public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
					ClerkArgumentResolvers.CurrentUserResolver users = new ClerkArgumentResolvers.CurrentUserResolver();
					userLoader.ifAvailable(users::setUserLoader);
					clock.ifUnique(users::setClock);
					resolvers.add(users);
					resolvers.add(new ClerkArgumentResolvers.CurrentMachineResolver());
					resolvers.add(new ClerkArgumentResolvers.SessionClaimsResolver());
				}

				@Override
				public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
					// An outage met while arguments are resolved is a 503, as during
					// authentication.
					resolvers.add(0, new ClerkServiceUnavailableExceptionResolver());
				}

			};
		}

	}

	/**
	 * The filter chain of an application that defines none: every request authenticated,
	 * with a Clerk token or through the login form.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultWebSecurity
	static class DefaultSecurityFilterChainConfiguration {

		private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest",
				DefaultSecurityFilterChainConfiguration.class.getClassLoader())
				&& ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint",
						DefaultSecurityFilterChainConfiguration.class.getClassLoader());

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE - 5)
		SecurityFilterChain clerkDefaultSecurityFilterChain(HttpSecurity http,
				ObjectProvider<UserDetailsService> userDetailsService) throws Exception {
			http.authorizeHttpRequests((requests) -> {
				requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
				if (ACTUATOR_PRESENT) {
					ClerkOperatorEndpoints.Servlet.authorize(requests);
				}
				requests.anyRequest().authenticated();
			});
			if (userDetailsService.getIfAvailable() != null) {
				http.formLogin(Customizer.withDefaults());
			}
			return http.build();
		}

	}

}
