package dev.clerkusers.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.security.reactive.ClerkServerAuthenticationFailureHandler;
import dev.clerkusers.security.reactive.ClerkServerConfigurer;
import dev.clerkusers.security.reactive.ServerClerkTokenAuthenticationConverter;
import dev.clerkusers.token.reactive.ClerkReactiveJwtDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.ui.LoginPageGeneratingWebFilter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkReactiveSecurityAutoConfiguration} in a WebFlux application without the
 * users table: the configurer and its collaborators, the default chain only where the
 * application has none, each bean backing off, and each condition.
 */
class ClerkReactiveSecurityAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkTokenAutoConfiguration.class,
				ClerkReactiveSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class))
		.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.issuer=" + TestKeys.ISSUER);

	/**
	 * Black-box run 61: a setting that cannot take effect was ignored without a word.
	 * WebFlux has no session mode; every request carries its token.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void sessionModeOnWebFluxStartsWithAWarningThatItHasNoEffect(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output).doesNotContain("clerk.session.mode"));
		this.contextRunner.withPropertyValues("clerk.session.mode=session")
			.run((context) -> assertThat(output).contains("clerk.session.mode=session has no effect on WebFlux"));
	}

	/**
	 * Black-box run 166, F5: as on the servlet side.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aWebhookSigningSecretWithoutTheUsersTableStartsWithAWarningThatNothingReceivesDeliveries(
			CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output).doesNotContain("clerk.webhook.signing-secrets"));
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + TestKeys.WEBHOOK_SECRET)
			.run((context) -> assertThat(output)
				.contains("clerk.webhook.signing-secrets has no effect without the users table (Spring Data JPA and a "
						+ "DataSource): no webhook endpoint is registered"));
	}

	/**
	 * Black-box run 168, F1: without the users table, Spring Boot created its in-memory
	 * {@code user} with a generated password (it backs off for a
	 * {@code ReactiveJwtDecoder}, and there was none, where the servlet side's
	 * {@code JwtDecoder} view turns it off), and the library's default chain gave that
	 * user a login form: a second way in to a token-only API.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withoutTheUsersTableSpringBootCreatesNoInMemoryUserAndTheDefaultChainNoLoginForm(CapturedOutput output) {
		// Spring Boot also backs off when Spring Security's resource server is on the
		// class path, as it is in these tests, not in an application of the starter
		this.contextRunner.withConfiguration(AutoConfigurations.of(ReactiveUserDetailsServiceAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(OpaqueTokenIntrospector.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveUserDetailsService.class);
				assertThat(output).doesNotContain("generated security password");
				SecurityWebFilterChain chain = context.getBean(SecurityWebFilterChain.class);
				assertThat(chain.getWebFilters().collectList().block())
					.noneMatch(LoginPageGeneratingWebFilter.class::isInstance);
			});
	}

	@Test
	void theReactiveJwtDecoderViewGivesSpringSecurityJwtsOfVerifiedTokens() {
		this.contextRunner.run((context) -> {
			ReactiveJwtDecoder decoder = context.getBean(ReactiveJwtDecoder.class);
			assertThat(decoder).isInstanceOf(ClerkReactiveJwtDecoder.class);
			Jwt jwt = decoder.decode(TestKeys.token("user_1", Map.of("tier", "gold"))).block();
			assertThat(jwt.getSubject()).isEqualTo("user_1");
			assertThat(jwt.getClaimAsString("tier")).isEqualTo("gold");
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(TestKeys.tamperedToken("user_1")).block())
				.withMessageStartingWith("token-invalid-signature");
		});
	}

	@Test
	void theReactiveJwtDecoderOfTheApplicationIsLeftAlone() {
		ReactiveJwtDecoder own = (token) -> Mono.error(new BadJwtException("own"));
		this.contextRunner.withBean(ReactiveJwtDecoder.class, () -> own)
			.run((context) -> assertThat(context).getBean(ReactiveJwtDecoder.class).isSameAs(own));
	}

	@Test
	void theReactiveJwtDecoderViewBacksOffForSpringBootsResourceServerProperties() {
		this.contextRunner
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.example.com/jwks")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClerkReactiveJwtDecoder.class));
	}

	@Test
	void everyChainGetsClerkAndTheApplicationWithoutAChainGetsTheLibrarysDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ClerkServerConfigurer.class)
			.hasSingleBean(ServerClerkTokenAuthenticationConverter.class)
			.hasSingleBean(ClerkServerAuthenticationFailureHandler.class)
			.hasBean("clerkReactiveArgumentResolversConfigurer")
			.getBeans(SecurityWebFilterChain.class)
			.containsOnlyKeys("clerkDefaultSecurityWebFilterChain"));
	}

	@Test
	void theApplicationsOwnChainReplacesTheDefaultOne() {
		this.contextRunner.withUserConfiguration(OwnChain.class)
			.run((context) -> assertThat(context).getBeans(SecurityWebFilterChain.class).containsOnlyKeys("ownChain"));
	}

	/**
	 * Black-box run 213, F1: an application's own chain with form login (webflux.md's
	 * hybrid chain) did not start without the users table, as in a {@code @WebFluxTest}
	 * slice of a hybrid application: with no {@code ReactiveUserDetailsService}, Spring
	 * Security's form login had no manager ("authenticationManager cannot be null"). As
	 * on servlet, it starts, and its form signs nobody in.
	 */
	@Test
	void anOwnChainWithFormLoginStartsWithoutTheUsersTableAndItsFormSignsNobodyIn() {
		this.contextRunner.withUserConfiguration(FormLoginChain.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveUserDetailsService.class);
			signIn(context, "ada@example.com", "secret").expectStatus()
				.isFound()
				.expectHeader()
				.location("/login?error");
		});
	}

	@Test
	void anOwnReactiveUserDetailsServiceSignsInWithTheFormAsBefore() {
		ReactiveUserDetailsService own = new MapReactiveUserDetailsService(
				User.withUsername("ada@example.com").password("{noop}secret").roles("STAFF").build());
		this.contextRunner.withUserConfiguration(FormLoginChain.class)
			.withBean(ReactiveUserDetailsService.class, () -> own)
			.run((context) -> signIn(context, "ada@example.com", "secret").expectStatus()
				.isFound()
				.expectHeader()
				.location("/"));
	}

	private static WebTestClient.ResponseSpec signIn(ApplicationContext context, String username, String password) {
		return WebTestClient.bindToWebHandler((exchange) -> exchange.getResponse().setComplete())
			.webFilter(new WebFilterChainProxy(context.getBean(SecurityWebFilterChain.class)))
			.build()
			.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("username=" + username + "&password=" + password)
			.exchange();
	}

	@Test
	void beansOfTheApplicationReplaceTheLibrarysOwn() {
		ClerkAuthoritiesMapper mapper = (user, claims, organization) -> List.of();
		ServerClerkTokenAuthenticationConverter converter = new ServerClerkTokenAuthenticationConverter();
		ClerkServerAuthenticationFailureHandler handler = ClerkServerAuthenticationFailureHandler.anonymous();
		WebFluxConfigurer resolvers = new WebFluxConfigurer() {
		};
		this.contextRunner.withBean(ClerkAuthoritiesMapper.class, () -> mapper)
			.withBean(ServerClerkTokenAuthenticationConverter.class, () -> converter)
			.withBean(ClerkServerAuthenticationFailureHandler.class, () -> handler)
			.withBean("clerkReactiveArgumentResolversConfigurer", WebFluxConfigurer.class, () -> resolvers)
			.run((context) -> {
				assertThat(context).getBean(ClerkAuthoritiesMapper.class).isSameAs(mapper);
				assertThat(context).getBean(ServerClerkTokenAuthenticationConverter.class).isSameAs(converter);
				assertThat(context).getBean(ClerkServerAuthenticationFailureHandler.class).isSameAs(handler);
				assertThat(context).getBean("clerkReactiveArgumentResolversConfigurer").isSameAs(resolvers);
			});
	}

	@Test
	void needsSpringSecurityForWebFlux() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EnableWebFluxSecurity.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkServerConfigurer.class));
	}

	@Test
	void needsWebFlux() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebFluxConfigurer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkServerConfigurer.class));
	}

	@Test
	void needsAReactiveApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClerkTokenAutoConfiguration.class,
					ClerkReactiveSecurityAutoConfiguration.class))
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkServerConfigurer.class));
	}

	@Test
	void needsATokenVerifier() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClerkReactiveSecurityAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkServerConfigurer.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFluxSecurity
	static class FormLoginChain {

		@Bean
		SecurityWebFilterChain formLoginChain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.formLogin((form) -> form.loginPage("/login"))
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFluxSecurity
	static class OwnChain {

		@Bean
		SecurityWebFilterChain ownChain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated()).build();
		}

	}

}
