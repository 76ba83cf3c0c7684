package dev.clerkusers.autoconfigure;

import java.time.Clock;

import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.security.ClerkUserDetailsService;
import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;
import dev.clerkusers.security.reactive.ClerkFormLoginRevalidationWebFilter;
import dev.clerkusers.security.reactive.ClerkReactiveArgumentResolvers;
import dev.clerkusers.security.reactive.ClerkReactiveAuthenticationManager;
import dev.clerkusers.security.reactive.ClerkReactiveUserDetailsService;
import dev.clerkusers.token.reactive.ClerkReactiveJwtDecoder;
import dev.clerkusers.security.reactive.ClerkServerAuthenticationEntryPoint;
import dev.clerkusers.security.reactive.ClerkServerAuthenticationFailureHandler;
import dev.clerkusers.security.reactive.ClerkServerConfigurer;
import dev.clerkusers.security.reactive.ServerClerkTokenAuthenticationConverter;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.user.ClerkUserLoader;
import dev.clerkusers.user.ClerkUserService;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ui.DefaultResourcesWebFilter;
import org.springframework.security.web.server.ui.LoginPageGeneratingWebFilter;
import org.springframework.security.web.server.ui.LogoutPageGeneratingWebFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Clerk session authentication in a
 * reactive (WebFlux) application, the counterpart of
 * {@link ClerkSecurityAutoConfiguration}, sharing its verifier, provider and answers.
 * <ul>
 * <li>A {@link ClerkServerConfigurer} bean, a {@code Customizer<ServerHttpSecurity>} that
 * Spring Security applies to every {@code ServerHttpSecurity}, so every
 * {@code SecurityWebFilterChain} accepts Clerk tokens. The
 * {@link ClerkReactiveAuthenticationManager} is deliberately not a bean (it would become
 * the manager of form login).</li>
 * <li>Its collaborators, configured from {@code clerk.*}: the
 * {@link ServerClerkTokenAuthenticationConverter} (session cookie, organization header)
 * and the {@link ClerkServerAuthenticationFailureHandler}
 * ({@code clerk.invalid-token-on-public-paths}).</li>
 * <li>With the users table: the {@link ClerkUserLoader} (the principal is the local user,
 * loaded on a bounded scheduler), and form login over it
 * ({@link ClerkReactiveUserDetailsService}, the servlet side's
 * {@link ClerkUserDetailsService} on a bounded scheduler) unless the application has its
 * own {@link ReactiveUserDetailsService}. It also keeps Spring Boot from creating its
 * in-memory user with a generated password. A second
 * {@code Customizer<ServerHttpSecurity>} makes form-login sign-ins follow the users table
 * in every chain ({@link ClerkFormLoginRevalidationWebFilter}), also when the application
 * declares its own {@link ClerkServerConfigurer}.</li>
 * <li>Without the users table and a user store of the application's: a manager for every
 * {@code ServerHttpSecurity} that refuses password sign-ins, so that an application's own
 * chain with form login or HTTP Basic builds (a {@code @WebFluxTest} slice of a hybrid
 * application) and signs nobody in, as on servlet.</li>
 * <li>A {@link ReactiveJwtDecoder} view of the verifier
 * ({@link ClerkReactiveJwtDecoder}), unless the application has its own or configures
 * Spring Boot's resource server for another identity provider. Spring Boot creates no
 * in-memory user beside it, with or without the users table.</li>
 * <li>A default filter chain (every exchange authenticated, the library's Actuator
 * endpoints for staff and superusers) only when the application defines none.</li>
 * <li>The {@code @CurrentClerkUser}, {@code @CurrentClerkMachine} and
 * {@code ClerkSessionClaims} argument resolvers of WebFlux controllers.</li>
 * </ul>
 */
@AutoConfiguration(
		after = { ClerkTokenAutoConfiguration.class, ClerkUsersAutoConfiguration.class,
				ClerkApiAutoConfiguration.class },
		beforeName = {
				"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ EnableWebFluxSecurity.class, WebFluxConfigurer.class })
@ConditionalOnBean(ClerkTokenVerifier.class)
@EnableConfigurationProperties(ClerkProperties.class)
@Import(WebhookWithoutUsersConfiguration.class)
public final class ClerkReactiveSecurityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkReactiveSecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ClerkAuthoritiesMapper clerkAuthoritiesMapper() {
		return new DefaultClerkAuthoritiesMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	ServerClerkTokenAuthenticationConverter serverClerkTokenAuthenticationConverter(ClerkProperties properties,
			ObjectProvider<ClerkOrganizationSelector> selector) {
		ServerClerkTokenAuthenticationConverter converter = new ServerClerkTokenAuthenticationConverter();
		if (properties.getSessionCookie().isEnabled()) {
			converter.setSessionCookie(ClerkSettings.sessionCookie(properties));
		}
		selector.ifAvailable((available) -> converter.setOrganizationHeaderName(available.getHeaderName()));
		return converter;
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkServerAuthenticationFailureHandler clerkServerAuthenticationFailureHandler(ClerkProperties properties) {
		return (properties.getInvalidTokenOnPublicPaths() == ClerkProperties.InvalidTokenPolicy.ANONYMOUS)
				? ClerkServerAuthenticationFailureHandler.anonymous()
				: ClerkServerAuthenticationFailureHandler.refusing(new ClerkServerAuthenticationEntryPoint());
	}

	// Also keeps Spring Boot from creating its in-memory user, with or without the users
	// table, as the JwtDecoder view does on servlet
	@Bean
	@ConditionalOnMissingBean(ReactiveJwtDecoder.class)
	@Conditional(ClerkTokenAutoConfiguration.NoResourceServerJwtPropertiesCondition.class)
	ClerkReactiveJwtDecoder clerkReactiveJwtDecoder(ClerkTokenVerifier verifier) {
		return new ClerkReactiveJwtDecoder(verifier);
	}

	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.HIGHEST_PRECEDENCE + 100)
	ClerkServerConfigurer clerkServerConfigurer(ApplicationContext context,
			ServerClerkTokenAuthenticationConverter converter, ClerkServerAuthenticationFailureHandler failureHandler) {
		ClerkAuthenticationProvider provider = ClerkAuthenticationProvider.fromBeans(context, null);
		ClerkServerConfigurer configurer = new ClerkServerConfigurer(new ClerkReactiveAuthenticationManager(provider))
			.authenticationConverter(converter)
			.failureHandler(failureHandler);
		// Also for a chain built outside the container with this configurer; in the
		// container's chains the filter checks once, though added twice.
		context.getBeanProvider(ClerkUserService.class).ifAvailable(configurer::formLoginUsers);
		return configurer;
	}

	/**
	 * Session mode on WebFlux: there is none (every request carries its token), so the
	 * setting cannot take effect, and start-up says so.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClerkProperty(name = "clerk.session.mode", type = ClerkProperties.SessionMode.class,
			havingValue = "session")
	static class SessionModeConfiguration {

		SessionModeConfiguration() {
			logger.warn("clerk.session.mode=session has no effect on WebFlux: Clerk sign-ins are not kept in the "
					+ "WebSession, and every request is authenticated by its token");
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
		@ConditionalOnMissingBean(ReactiveUserDetailsService.class)
		ClerkReactiveUserDetailsService clerkReactiveUserDetailsService(ClerkUserService users,
				ClerkAuthoritiesMapper authoritiesMapper, ObjectProvider<PasswordEncoder> passwordEncoder) {
			ClerkReactiveUserDetailsService service = new ClerkReactiveUserDetailsService(
					new ClerkUserDetailsService(users, authoritiesMapper));
			passwordEncoder.ifUnique(service::setPasswordEncoder);
			return service;
		}

		/**
		 * Form-login sign-ins kept in the web session follow the users table in every
		 * chain, whichever {@link ClerkServerConfigurer} (the library's or the
		 * application's own) adds Clerk to it.
		 * @param users reads the users
		 * @return the customizer
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE + 100)
		Customizer<ServerHttpSecurity> clerkFormLoginRevalidation(ClerkUserService users) {
			return (http) -> http.addFilterAfter(new ClerkFormLoginRevalidationWebFilter(users),
					SecurityWebFiltersOrder.AUTHENTICATION);
		}

	}

	/**
	 * No users table and no user store of the application's: the form login or HTTP Basic
	 * of an application's own chain signs nobody in, as on servlet (where Spring
	 * Security's manager has no provider for them), instead of the chain failing to build
	 * for want of a manager ("authenticationManager cannot be null"), as in a
	 * {@code @WebFluxTest} slice of a hybrid application. A chain that sets a manager of
	 * its own keeps it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean({ ClerkUserService.class, ReactiveUserDetailsService.class,
			ReactiveAuthenticationManager.class })
	static class WithoutUsersConfiguration {

		private static final ReactiveAuthenticationManager NO_PASSWORD_SIGN_IN = (authentication) -> Mono
			.error(new ProviderNotFoundException("No user signs in with a password here: the application has no "
					+ "users table (Spring Data JPA and a DataSource) and no ReactiveUserDetailsService"));

		@Bean
		Customizer<ServerHttpSecurity> clerkNoPasswordSignIn() {
			return (http) -> http.authenticationManager(NO_PASSWORD_SIGN_IN);
		}

	}

	/**
	 * Keeps HTTP/1.1 keep-alive connections of Reactor Netty reading. Up to Reactor Netty
	 * 1.3.7, a request that arrives before the previous exchange on its connection has
	 * terminated (as happens after an exchange authenticated off the event loop) is
	 * queued with its end; if that request is then answered while it is being dispatched
	 * (a refused token, a missing one: answered on the event loop at once), the
	 * connection drains the queue without asking for another read, and the next request
	 * on it is never read, so never answered, until the client gives up. Asks for a read
	 * once an exchange has terminated and the connection is idle
	 * (reactor/reactor-netty#4361, fixed in 1.3.8).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.reactor.netty.NettyServerCustomizer",
			"reactor.netty.http.server.HttpServer" })
	static class ReactorNettyConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clerkKeepAliveReadResumer")
		NettyServerCustomizer clerkKeepAliveReadResumer() {
			return (server) -> server.doOnConnection(ReactorNettyConfiguration::readAgainWhenTerminated);
		}

		static void readAgainWhenTerminated(Connection connection) {
			Channel channel = connection.channel();
			if (!(connection instanceof ChannelOperations)
					|| channel.pipeline().get(NettyPipeline.HttpTrafficHandler) == null) {
				// Not an HTTP/1.1 exchange.
				return;
			}
			connection.onTerminate().subscribe(null, null, () -> channel.eventLoop().execute(() -> {
				if (channel.isActive() && !channel.config().isAutoRead() && ChannelOperations.get(channel) == null) {
					channel.read();
				}
			}));
		}

	}

	/**
	 * The argument resolvers of WebFlux controllers.
	 */
	@Configuration(proxyBeanMethods = false)
	static class WebFluxConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clerkReactiveArgumentResolversConfigurer")
		WebFluxConfigurer clerkReactiveArgumentResolversConfigurer(ObjectProvider<ClerkUserLoader> userLoader,
				ObjectProvider<Clock> clock) {
			return new WebFluxConfigurer() {

				@Override
				public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
					ClerkReactiveArgumentResolvers.CurrentUserResolver users = new ClerkReactiveArgumentResolvers.CurrentUserResolver();
					userLoader.ifAvailable(users::setUserLoader);
					clock.ifUnique(users::setClock);
					configurer.addCustomResolver(users, new ClerkReactiveArgumentResolvers.CurrentMachineResolver(),
							new ClerkReactiveArgumentResolvers.SessionClaimsResolver());
				}

			};
		}

	}

	/**
	 * The filter chain of an application that defines none: every exchange authenticated
	 * with a Clerk token, or a form-login sign-in of staff when there is a users table,
	 * and the library's Actuator endpoints for staff and superusers only, as on servlet.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	static class DefaultSecurityWebFilterChainConfiguration {

		private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
				"org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest",
				DefaultSecurityWebFilterChainConfiguration.class.getClassLoader())
				&& ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint",
						DefaultSecurityWebFilterChainConfiguration.class.getClassLoader());

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE - 5)
		SecurityWebFilterChain clerkDefaultSecurityWebFilterChain(ServerHttpSecurity http,
				ObjectProvider<ReactiveUserDetailsService> userDetailsService) {
			http.authorizeExchange((exchanges) -> {
				if (ACTUATOR_PRESENT) {
					ClerkOperatorEndpoints.Reactive.authorize(exchanges);
				}
				exchanges.anyExchange().authenticated();
			});
			if (userDetailsService.getIfAvailable() != null) {
				// Staff sign in with a form beside Clerk tokens, as on servlet: browsers
				// are sent to the login page, API clients still get the bearer
				// challenge. Spring Security generates the pages (and their stylesheet)
				// only for a chain whose entry point is not set, and Clerk's is: they
				// are added here.
				LoginPageGeneratingWebFilter loginPage = new LoginPageGeneratingWebFilter();
				loginPage.setFormLoginEnabled(true);
				http.formLogin(Customizer.withDefaults())
					.exceptionHandling((exceptions) -> exceptions
						.authenticationEntryPoint(ClerkServerAuthenticationEntryPoint.withLoginPage("/login")))
					.addFilterAt(loginPage, SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING)
					.addFilterAt(DefaultResourcesWebFilter.css(), SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING)
					.addFilterAt(new LogoutPageGeneratingWebFilter(), SecurityWebFiltersOrder.LOGOUT_PAGE_GENERATING);
			}
			return http.build();
		}

	}

}
