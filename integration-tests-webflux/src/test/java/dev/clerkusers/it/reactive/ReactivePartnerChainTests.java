package dev.clerkusers.it.reactive;

import dev.clerkusers.security.reactive.ClerkServerConfigurer;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A partner's API whose bearer tokens another identity provider issues, on a chain of its
 * own with Clerk turned off ({@link ClerkServerConfigurer#disable(ServerHttpSecurity)}),
 * beside the application's chain that reads Clerk tokens: each chain reads its own
 * tokens, and the partner's chain answers as Spring Security's own.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import({ ReactivePartnerChainTests.PartnerChain.class, ReactiveSecurityConfiguration.class })
class ReactivePartnerChainTests {

	/** The partner's one valid token. */
	static final String PARTNER_TOKEN = "partner-secret";

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkServerConfigurer configurer;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void thePartnersTokenIsReadByItsChain() {
		this.client.get()
			.uri("/partner/whoami")
			.headers(ClerkTestTokens.bearer(PARTNER_TOKEN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("partner");
	}

	@Test
	void anUnsafeRequestWithThePartnersTokenNeedsNoCsrfToken() {
		this.client.post()
			.uri("/partner/orders")
			.headers(ClerkTestTokens.bearer(PARTNER_TOKEN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("ordered by partner");
	}

	@Test
	void aClerkTokenSignsNobodyInOnThePartnersChainWhichAnswersAsSpringSecuritysOwn() {
		this.clerk.addUser(ClerkData.user("user_partner_probe").email("probe@example.com"));
		String token = this.clerk.tokens().token("user_partner_probe");
		this.client.get()
			.uri("/partner/whoami")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Realm\"");
		assertThat(this.clerk.requests("GET", "/v1/users/user_partner_probe")).isEmpty();
	}

	@Test
	void theApplicationsChainStillReadsClerkTokensAndRefusesThePartners() {
		this.clerk.addUser(ClerkData.user("user_beside_partner").email("beside@example.com"));
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_beside_partner")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_beside_partner");
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(PARTNER_TOKEN))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
	}

	@Test
	void onlyAChainTheConfigurerCustomizedCanTurnItOffAndOnlyOnce() {
		assertThatIllegalStateException().isThrownBy(() -> this.configurer.disable(ServerHttpSecurity.http()))
			.withMessage("This ServerHttpSecurity was not customized by this ClerkServerConfigurer, "
					+ "or Clerk is turned off on it already");
		ServerHttpSecurity http = ServerHttpSecurity.http();
		this.configurer.customize(http);
		assertThat(this.configurer.disable(http)).isSameAs(http);
		assertThatIllegalStateException().isThrownBy(() -> this.configurer.disable(http));
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(PartnerController.class)
	static class PartnerChain {

		@Bean
		@Order(1)
		SecurityWebFilterChain partnerChain(ServerHttpSecurity http, ClerkServerConfigurer clerk) {
			clerk.disable(http);
			AuthenticationWebFilter partnerTokens = new AuthenticationWebFilter(
					(ReactiveAuthenticationManager) Mono::just);
			partnerTokens.setServerAuthenticationConverter((exchange) -> Mono
				.justOrEmpty(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
				.filter(("Bearer " + PARTNER_TOKEN)::equals)
				.map((header) -> UsernamePasswordAuthenticationToken.authenticated("partner", null,
						AuthorityUtils.createAuthorityList("ROLE_PARTNER"))));
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/partner/**"))
				.addFilterAt(partnerTokens, SecurityWebFiltersOrder.AUTHENTICATION)
				.authorizeExchange((exchanges) -> exchanges.anyExchange().hasRole("PARTNER"))
				.build();
		}

	}

	@RestController
	static class PartnerController {

		@GetMapping("/partner/whoami")
		Mono<String> whoami(Authentication authentication) {
			return Mono.just(authentication.getName());
		}

		@PostMapping("/partner/orders")
		Mono<String> order(Authentication authentication) {
			return Mono.just("ordered by " + authentication.getName());
		}

	}

}
