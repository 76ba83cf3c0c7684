package dev.clerkusers.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.clerkusers.security.ClerkAuthenticationException;
import dev.clerkusers.security.ClerkAuthenticationFailureHandler;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.security.ClerkConfigurer;
import dev.clerkusers.security.ClerkSessionCookie;
import dev.clerkusers.security.ClerkServiceUnavailableException;
import dev.clerkusers.security.ClerkSessionSecurityContextRepository;
import dev.clerkusers.security.ClerkTokenAuthenticationConverter;
import dev.clerkusers.security.ClerkTokenAuthenticationRequest;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.user.ClerkUserLoader;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkSecurityAutoConfiguration} in a servlet application without the users
 * table: Clerk tokens authenticate every chain with the claims as principal, the DSL's
 * collaborators follow {@code clerk.*}, and each bean backs off.
 */
class ClerkSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkTokenAutoConfiguration.class,
				ClerkSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.issuer=" + TestKeys.ISSUER);

	/**
	 * Black-box run 61: session mode without the users table was ignored without a word
	 * (a Clerk sign-in kept in the session is checked against the users table).
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void sessionModeWithoutTheUsersTableStartsWithAWarningThatItHasNoEffect(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output).doesNotContain("clerk.session.mode"));
		this.contextRunner.withPropertyValues("clerk.session.mode=session")
			.run((context) -> assertThat(output)
				.contains("clerk.session.mode=session has no effect without the users table"));
	}

	/**
	 * Black-box run 166, F5: a signing secret set in an application without the users
	 * table started without a word, and Clerk's deliveries went nowhere.
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
	 * In a test, the kit's {@code @AutoConfigureFakeClerk} sets the signing secret
	 * itself, also in a slice without the users table, where the warning would tell the
	 * test's author to leave out a secret they never set (black-box run 226).
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSigningSecretSetByTheTestKitWithoutTheUsersTableStartsWithoutTheWarning(CapturedOutput output) {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("fakeClerk",
						Map.of("clerk.webhook.signing-secrets", TestKeys.WEBHOOK_SECRET))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("clerk.webhook.signing-secrets has no effect");
			});
	}

	/**
	 * Black-box run 132: machine tokens accepted by a chain of the DSL without
	 * {@code clerk.secret-key} started without the warning machine-auth.md promises (it
	 * was given for {@code clerk.accepts-tokens} only), and every API key was then
	 * answered 503 without a word at start-up.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aChainAcceptingMachineTokensWithoutASecretKeyStartsWithAWarning(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(OwnChain.class)
			.run((context) -> assertThat(output).doesNotContain("cannot verify opaque"));
		this.contextRunner.withUserConfiguration(ApiKeyChain.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("A filter chain accepts api_key tokens")
				.contains("clerk.secret-key is not set")
				.contains("answered 503");
		});
	}

	@Test
	void withoutTheUsersTableTheDefaultChainAuthenticatesTokensWithTheClaimsAsPrincipal() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class)
				.doesNotHaveBean(ClerkUserLoader.class)
				.doesNotHaveBean(UserDetailsService.class);
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockHttpServletRequest request = request(context, "GET", "/anything");
			request.addHeader("Authorization", "Bearer " + TestKeys.token("user_1",
					Map.of("org_id", "org_1", "org_role", "org:admin", "org_permissions", List.of())));
			ClerkAuthenticationToken[] seen = new ClerkAuthenticationToken[1];
			context.getBean(FilterChainProxy.class).doFilter(request, response, (req, res) -> seen[0] = current());
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(seen[0].getPrincipal()).isInstanceOf(ClerkSessionClaims.class);
			assertThat(seen[0].getUser()).isEmpty();
			assertThat(seen[0].getOrganization()).get()
				.extracting((organization) -> organization.id())
				.isEqualTo("org_1");
			assertThat(seen[0].getAuthorities()).extracting(GrantedAuthority::getAuthority)
				.containsExactlyInAnyOrder("ROLE_USER", "org:admin");
		});
	}

	/**
	 * Spring Security's {@code DefaultAuthenticationEventPublisher} publishes a failure
	 * only for the exception classes it maps: the library maps its own on Spring Boot's.
	 */
	@ParameterizedTest
	@CsvSource({ "refused, AuthenticationFailureBadCredentialsEvent",
			"unavailable, AuthenticationFailureServiceExceptionEvent" })
	void theLibrarysAuthenticationExceptionsArePublishedAsFailureEvents(String outcome, String event) {
		List<ApplicationEvent> published = new ArrayList<>();
		this.contextRunner.withInitializer((context) -> context.addApplicationListener(published::add))
			.run((context) -> {
				AuthenticationException failure = "refused".equals(outcome)
						? new ClerkAuthenticationException("token-expired", "The token has expired")
						: new ClerkServiceUnavailableException(ClerkServiceUnavailableException.KEYS_UNAVAILABLE,
								"The keys are unavailable", new IllegalStateException());
				context.getBean(AuthenticationEventPublisher.class)
					.publishAuthenticationFailure(failure, new ClerkTokenAuthenticationRequest("token"));
				assertThat(published).filteredOn(AbstractAuthenticationFailureEvent.class::isInstance)
					.singleElement()
					.extracting((failureEvent) -> failureEvent.getClass().getSimpleName())
					.isEqualTo(event);
			});
	}

	@Test
	void aRefusedTokenAnswers401WithTheReason() {
		this.contextRunner.run((context) -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockHttpServletRequest request = request(context, "GET", "/anything");
			request.addHeader("Authorization", "Bearer " + TestKeys.tamperedToken("user_1"));
			context.getBean(FilterChainProxy.class).doFilter(request, response, (req, res) -> {
			});
			assertThat(response.getStatus()).isEqualTo(401);
			assertThat(response.getHeader("WWW-Authenticate")).contains("token-invalid-signature");
		});
	}

	@Test
	void theDefaultChainReadsTheSessionCookieOnlyWhenEnabled() {
		String token = TestKeys.token("user_1", Map.of("azp", "https://app.example.test"));
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ClerkSessionCookie.class);
			assertThat(authenticationWithCookie(context, "__session", token)).isNull();
		});
		this.contextRunner
			.withPropertyValues("clerk.session-cookie.enabled=true",
					"clerk.authorized-parties=https://app.example.test")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClerkSessionCookie.class);
				assertThat(authenticationWithCookie(context, "__session", token))
					.isInstanceOf(ClerkAuthenticationToken.class)
					.extracting(Authentication::getName)
					.isEqualTo("user_1");
			});
	}

	/**
	 * A switch written as Spring binds it ({@code on}, {@code yes}, {@code 1}) turns the
	 * cookie on in the chain too, as it does in the bound properties the rest of the
	 * library reads; {@code off} turns it off.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "on", "yes", "1", "TRUE" })
	void theSessionCookieIsReadWhateverWayTheSwitchIsWrittenOn(String on) {
		String token = TestKeys.token("user_1", Map.of("azp", "https://app.example.test"));
		this.contextRunner
			.withPropertyValues("clerk.session-cookie.enabled=" + on,
					"clerk.authorized-parties=https://app.example.test")
			.run((context) -> {
				assertThat(context.getBean(ClerkProperties.class).getSessionCookie().isEnabled()).isTrue();
				assertThat(context).hasSingleBean(ClerkSessionCookie.class);
				assertThat(authenticationWithCookie(context, "__session", token))
					.isInstanceOf(ClerkAuthenticationToken.class);
			});
		this.contextRunner.withPropertyValues("clerk.session-cookie.enabled=off")
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSessionCookie.class));
	}

	/**
	 * An application's own converter bean is the default chains' converter (the library
	 * declares none).
	 */
	@Test
	void theApplicationsConverterBeanIsTheDefaultOfEveryChain() {
		String token = TestKeys.token("user_1", Map.of());
		ClerkTokenAuthenticationConverter own = new ClerkTokenAuthenticationConverter();
		own.setSessionCookieName("own_session");
		this.contextRunner.withBean(ClerkTokenAuthenticationConverter.class, () -> own)
			.run((context) -> assertThat(authenticationWithCookie(context, "own_session", token))
				.isInstanceOf(ClerkAuthenticationToken.class));
	}

	/**
	 * Two converter beans leave no default to choose: the application does not start,
	 * rather than quietly using neither (as the WebFlux side does).
	 */
	@Test
	void twoConverterBeansAreAStartupFailure() {
		this.contextRunner
			.withBean("one", ClerkTokenAuthenticationConverter.class, ClerkTokenAuthenticationConverter::new)
			.withBean("two", ClerkTokenAuthenticationConverter.class, ClerkTokenAuthenticationConverter::new)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(NoUniqueBeanDefinitionException.class));
	}

	private static @Nullable Authentication authenticationWithCookie(AssertableWebApplicationContext context,
			String name, String token) throws Exception {
		MockHttpServletRequest request = request(context, "GET", "/anything");
		request.setCookies(new Cookie(name, token));
		Authentication[] seen = new Authentication[1];
		context.getBean(FilterChainProxy.class)
			.doFilter(request, new MockHttpServletResponse(),
					(req, res) -> seen[0] = SecurityContextHolder.getContext().getAuthentication());
		return seen[0];
	}

	@Test
	void invalidTokensOnPublicPathsCanGoOnAsAnonymous() {
		this.contextRunner.withPropertyValues("clerk.invalid-token-on-public-paths=anonymous").run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest();
			MockHttpServletResponse response = new MockHttpServletResponse();
			context.getBean(ClerkAuthenticationFailureHandler.class)
				.onAuthenticationFailure(request, response,
						new ClerkAuthenticationException("token-expired", "expired"));
			assertThat(response.isCommitted()).isFalse();
		});
		this.contextRunner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest();
			MockHttpServletResponse response = new MockHttpServletResponse();
			context.getBean(ClerkAuthenticationFailureHandler.class)
				.onAuthenticationFailure(request, response,
						new ClerkAuthenticationException("token-expired", "expired"));
			assertThat(response.isCommitted()).isTrue();
			assertThat(response.getStatus()).isEqualTo(401);
		});
	}

	@Test
	void sessionModeNeedsTheUsersTable() {
		this.contextRunner.withPropertyValues("clerk.session.mode=session")
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSessionSecurityContextRepository.class));
	}

	@Test
	void theApplicationsOwnChainReplacesTheDefaultOneAndStillGetsClerk() {
		this.contextRunner.withUserConfiguration(OwnChain.class).run((context) -> {
			assertThat(context).getBeans(SecurityFilterChain.class).containsOnlyKeys("ownChain");
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockHttpServletRequest request = request(context, "GET", "/anything");
			request.addHeader("Authorization", "Bearer " + TestKeys.token("user_1", Map.of()));
			context.getBean(FilterChainProxy.class).doFilter(request, response, (req, res) -> {
			});
			assertThat(response.getStatus()).isEqualTo(200);
		});
	}

	/**
	 * Spring Security's resource server on a chain of the application takes Clerk tokens
	 * through the {@code JwtDecoder} view. It uses an {@code AuthenticationConverter}
	 * bean when there is one, so the library declares none.
	 */
	@Test
	void springSecuritysResourceServerTakesClerkTokensThroughTheJwtDecoderView() {
		this.contextRunner.withUserConfiguration(ResourceServerChain.class).run((context) -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockHttpServletRequest request = request(context, "GET", "/anything");
			request.addHeader("Authorization", "Bearer " + TestKeys.token("user_1", Map.of()));
			Authentication[] seen = new Authentication[1];
			context.getBean(FilterChainProxy.class)
				.doFilter(request, response,
						(req, res) -> seen[0] = SecurityContextHolder.getContext().getAuthentication());
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(seen[0]).isInstanceOf(JwtAuthenticationToken.class);
			assertThat(seen[0].getName()).isEqualTo("user_1");
			assertThat(context).doesNotHaveBean(AuthenticationConverter.class);
		});
	}

	@Test
	void beansOfTheApplicationReplaceTheLibrarysOwn() {
		ClerkAuthoritiesMapper mapper = (user, claims, organization) -> List.of(new SimpleGrantedAuthority("ROLE_OWN"));
		ClerkSessionCookie cookie = ClerkSessionCookie.named("own");
		ClerkAuthenticationFailureHandler handler = ClerkAuthenticationFailureHandler.anonymous();
		this.contextRunner
			.withPropertyValues("clerk.session-cookie.enabled=true",
					"clerk.authorized-parties=https://app.example.test")
			.withBean(ClerkAuthoritiesMapper.class, () -> mapper)
			.withBean(ClerkSessionCookie.class, () -> cookie)
			.withBean(ClerkAuthenticationFailureHandler.class, () -> handler)
			.withBean("clerkArgumentResolversConfigurer", WebMvcConfigurer.class, () -> new WebMvcConfigurer() {
			})
			.run((context) -> {
				assertThat(context).getBean(ClerkAuthoritiesMapper.class).isSameAs(mapper);
				assertThat(context).getBean(ClerkSessionCookie.class).isSameAs(cookie);
				assertThat(context).getBean(ClerkAuthenticationFailureHandler.class).isSameAs(handler);
				assertThat(context).getBeans(WebMvcConfigurer.class).containsKey("clerkArgumentResolversConfigurer");
			});
	}

	@Test
	void needsSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EnableWebSecurity.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkAuthenticationFailureHandler.class));
	}

	@Test
	void needsAServletApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ClerkTokenAutoConfiguration.class, ClerkSecurityAutoConfiguration.class))
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkAuthenticationFailureHandler.class));
	}

	@Test
	void theArgumentResolversNeedSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebMvcConfigurer.class))
			.run((context) -> assertThat(context).hasSingleBean(ClerkAuthenticationFailureHandler.class)
				.doesNotHaveBean("clerkArgumentResolversConfigurer"));
	}

	@Test
	void needsATokenVerifier() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkSecurityAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkAuthenticationFailureHandler.class));
	}

	private static ClerkAuthenticationToken current() {
		return (ClerkAuthenticationToken) SecurityContextHolder.getContext().getAuthentication();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class ApiKeyChain {

		@Bean
		SecurityFilterChain apiKeyChain(HttpSecurity http) throws Exception {
			http.with(ClerkConfigurer.clerk(), (clerk) -> clerk.acceptsTokens(ClerkTokenType.API_KEY))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class ResourceServerChain {

		@Bean
		SecurityFilterChain resourceServerChain(HttpSecurity http) throws Exception {
			http.with(ClerkConfigurer.clerk(), AbstractHttpConfigurer::disable)
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()));
			return http.build();
		}

	}

	/**
	 * A request to the application, as its servlet container would pass it: its servlet
	 * context knows the application context (Actuator's request matchers look it up).
	 */
	private static MockHttpServletRequest request(AssertableWebApplicationContext context, String method, String path) {
		ServletContext servletContext = context.getServletContext();
		servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
		return new MockHttpServletRequest(servletContext, method, path);
	}

}
