package dev.clerkusers.it.reactive;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.security.CurrentClerkMachine;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.security.reactive.ClerkReactiveAuthenticationManager;
import dev.clerkusers.security.reactive.ClerkServerConfigurer;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.IssuedMachineToken;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.database.TestDatabaseOutage;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.user.ClerkUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Machine tokens on WebFlux, opted in with {@code clerk.accepts-tokens}: API keys
 * verified by the fake Backend API over real HTTP, off the event loop, with their scopes
 * as authorities and the {@code @CurrentClerkMachine} argument; session tokens still
 * accepted beside them.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@TestPropertySource(properties = "clerk.accepts-tokens=session_token,api_key")
@Import(ReactiveMachineTokenTests.MachineConfiguration.class)
class ReactiveMachineTokenTests {

	private static final String API_KEYS = "/api_keys/verify";

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	WebTestClient client;

	@BeforeEach
	void start() {
		this.client = ReactiveTestClient.to(this.port);
		this.clerk.clearRequests();
	}

	/**
	 * On WebFlux, where verification may move off the event loop, each verification is
	 * measured as on servlet, with the type of its token.
	 */
	@Test
	void verificationsAreMeasuredWithTheTypeOfTheirToken(@Autowired MeterRegistry meters) {
		String[] apiKey = { "clerk.token.source", "header", "clerk.token.type", "api_key", "outcome", "accepted",
				"reason", "none" };
		String[] session = { "clerk.token.source", "header", "clerk.token.type", "session_token", "outcome", "accepted",
				"reason", "none" };
		long apiKeys = count(meters, apiKey);
		long sessions = count(meters, session);
		this.clerk.addUser(ClerkData.user("user_measured").email("measured@example.com"));
		this.client.get()
			.uri("/machine/reports")
			.header(HttpHeaders.AUTHORIZATION, this.clerk.createApiKey("user_reporter", "reports:read").bearer())
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.clerk.tokens().token("user_measured"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(count(meters, apiKey)).isEqualTo(apiKeys + 1);
		assertThat(count(meters, session)).isEqualTo(sessions + 1);
	}

	private static long count(MeterRegistry meters, String... tags) {
		Timer timer = meters.find("clerk.token.verification").tags(tags).timer();
		return (timer != null) ? timer.count() : 0;
	}

	/**
	 * Black-box run 299 F1: one chain's token types, with a configurer of its own; the
	 * session token the other chains take is refused there as of another type.
	 */
	@Test
	void aChainWithAConfigurerOfItsOwnTakesItsOwnTokenTypes() {
		this.clerk.addUser(ClerkData.user("user_internal").email("internal@example.com"));
		String session = "Bearer " + this.clerk.tokens().token("user_internal");
		this.client.get()
			.uri("/internal/reports")
			.header(HttpHeaders.AUTHORIZATION, this.clerk.createApiKey("user_internal", "reports:read").bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("api_key");
		this.client.get()
			.uri("/internal/reports")
			.header(HttpHeaders.AUTHORIZATION, session)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE, (value) -> assertThat(value).contains("token-type-mismatch"));
		this.client.get().uri("/api/me").header(HttpHeaders.AUTHORIZATION, session).exchange().expectStatus().isOk();
	}

	@Test
	void anApiKeyIsVerifiedByClerkWithItsScopesAsAuthorities() {
		IssuedMachineToken key = this.clerk.createApiKey("user_reporter", "reports:read");
		this.client.get()
			.uri("/machine/reports")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("api_key")
			.jsonPath("$.id")
			.isEqualTo(key.id())
			.jsonPath("$.subject")
			.isEqualTo("user_reporter");
		this.client.get()
			.uri("/machine/reports")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.clerk.verifyCalls(API_KEYS)).as("one Backend API call serves both requests").hasSize(1);
	}

	/**
	 * The local user of an API key that cannot be read (the database is down) is a 503
	 * with the library's body, as on servlet, not a 500.
	 */
	@Test
	void anApiKeysUserThatCannotBeReadIsA503(@Autowired DataSource dataSource) {
		this.clerk.addUser(ClerkData.user("user_unreadable").email("unreadable@example.com"));
		IssuedMachineToken key = this.clerk.createApiKey("user_unreadable", "reports:read");
		try (TestDatabaseOutage outage = TestDatabaseOutage.of(dataSource).begin()) {
			this.client.get()
				.uri("/machine/owner")
				.header(HttpHeaders.AUTHORIZATION, key.bearer())
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER)
				.expectBody()
				.jsonPath("$.reason")
				.isEqualTo("database-unavailable");
		}
	}

	@Test
	void anApiKeysUserIsLoadedOffTheEventLoopWhenAsked() {
		this.clerk.addUser(ClerkData.user("user_owner").email("owner@example.com"));
		IssuedMachineToken key = this.clerk.createApiKey("user_owner", "reports:read");
		this.client.get()
			.uri("/machine/owner")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("owner@example.com");
		IssuedMachineToken organizationKey = this.clerk.createApiKey("org_acme", "reports:read");
		this.client.get()
			.uri("/machine/owner")
			.header(HttpHeaders.AUTHORIZATION, organizationKey.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("no user");
	}

	@Test
	void aScopeTheKeyLacksIsForbidden() {
		IssuedMachineToken key = this.clerk.createApiKey("user_reporter", "reports:write");
		this.client.get()
			.uri("/machine/reports")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("forbidden");
	}

	@Test
	void aRevokedKeyIsRefusedWithItsReason() {
		IssuedMachineToken key = this.clerk.createApiKey("user_gone", "reports:read");
		this.clerk.revokeMachineToken(key.id());
		this.client.get()
			.uri("/machine/reports")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-invalid");
	}

	@Test
	void aSessionTokenIsStillAcceptedBesideThem() {
		this.clerk.addUser(ClerkData.user("user_browser").email("browser@example.com"));
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_browser")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_browser");
		// A session has no machine scope.
		this.client.get()
			.uri("/machine/reports")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_browser")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class MachineConfiguration {

		/**
		 * A chain with token types of its own, as machine-auth.md shows it: API keys
		 * only, where the application's other chains take clerk.accepts-tokens.
		 */
		@Bean
		@Order(1)
		SecurityWebFilterChain internalChain(ServerHttpSecurity http, ClerkServerConfigurer clerk, BeanFactory beans) {
			clerk.disable(http);
			clerk
				.withAuthenticationManager(new ClerkReactiveAuthenticationManager(
						ClerkAuthenticationProvider.fromBeans(beans, AcceptedTokenTypes.of(ClerkTokenType.API_KEY))))
				.customize(http);
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/internal/**"))
				.authorizeExchange((exchanges) -> exchanges.anyExchange().hasAuthority("SCOPE_reports:read"))
				.build();
		}

		@Bean
		SecurityWebFilterChain machineChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange((exchanges) -> exchanges.pathMatchers("/machine/**")
					.hasAuthority("SCOPE_reports:read")
					.anyExchange()
					.authenticated())
				.build();
		}

		@Bean
		MachineController machineController() {
			return new MachineController();
		}

	}

	@RestController
	static class MachineController {

		@GetMapping({ "/machine/reports", "/internal/reports" })
		Mono<Map<String, Object>> reports(@CurrentClerkMachine @Nullable ClerkMachineToken machine) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", (machine != null) ? machine.type().value() : null);
			body.put("id", (machine != null) ? machine.id() : null);
			body.put("subject", (machine != null) ? machine.subject() : null);
			return Mono.just(body);
		}

		@GetMapping("/machine/owner")
		Mono<String> owner(@CurrentClerkUser(apiKeyUser = true) @Nullable ClerkUser user) {
			return Mono.just((user != null) ? user.getEmail() : "no user");
		}

	}

}
