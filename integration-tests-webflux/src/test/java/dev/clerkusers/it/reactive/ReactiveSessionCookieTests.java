package dev.clerkusers.it.reactive;

import java.security.Principal;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.security.ClerkSessionCookie;
import dev.clerkusers.security.reactive.ClerkReactiveAuthenticationManager;
import dev.clerkusers.security.reactive.ClerkServerConfigurer;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.token.JwksKeySource;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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
 * Clerk's {@code __session} cookie on WebFlux, opt-in, with the servlet side's defences:
 * the authorized-party check, CSRF protection for cookie-authenticated writes, and an
 * out-of-date cookie treated as signed out. And the 503 of a cold start while Clerk is
 * unreachable.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import({ ReactiveSecurityConfiguration.class, ReactiveSessionCookieTests.BothChainConfiguration.class })
@TestPropertySource(properties = { "clerk.session-cookie.enabled=true", "clerk.jwks.unknown-key-refetch-interval=0s" })
class ReactiveSessionCookieTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	JwksKeySource keys;

	@Autowired
	ClerkUserRepository users;

	@Value("${clerk.publishable-key}")
	String publishableKey;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void theSessionCookieAuthenticatesARequest() {
		this.clerk.addUser(ClerkData.user("user_cookie").email("cookie@example.com"));
		this.client.get()
			.uri("/api/me")
			.cookie("__session", this.clerk.tokens().token("user_cookie"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_cookie");
	}

	/**
	 * The instance's suffixed cookie ({@code __session_<suffix>}) is read first, and a
	 * plain {@code __session} of another Clerk instance is no token.
	 */
	@Test
	void theInstancesSuffixedCookieIsReadFirstAndAnotherInstancesCookieIsNoToken() {
		this.clerk.addUser(ClerkData.user("user_suffixed").email("suffixed@example.com"));
		String other = this.clerk.tokens().session("user_other_app").issuer("https://clerk.other.example").sign();
		this.client.get()
			.uri("/api/me")
			.cookie("__session_" + ClerkSessionCookie.suffix(this.publishableKey),
					this.clerk.tokens().token("user_suffixed"))
			.cookie("__session", other)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_suffixed");
		this.client.get()
			.uri("/api/me")
			.cookie("__session", other)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	/**
	 * Black-box run 208's note: a {@code __session} cookie that holds no token of this
	 * instance counts as no token, and its 401 says so.
	 */
	@Test
	void aCookieThatHoldsNoTokenOfThisInstanceIsNamedInThe401() {
		String other = this.clerk.tokens().session("user_other_app").issuer("https://clerk.other.example").sign();
		for (String cookie : new String[] { "not-a-token", other }) {
			this.client.get()
				.uri("/api/me")
				.cookie("__session", cookie)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.message")
				.value((String message) -> assertThat(message)
					.contains("Clerk's session cookie holds no session token of this instance"));
		}
	}

	/**
	 * Black-box run 181 F4: of two plain {@code __session} cookies, another application's
	 * first, this instance's second, the first was taken and found foreign, so the
	 * exchange was anonymous.
	 */
	@Test
	void anotherInstancesPlainCookieBeforeThisInstancesDoesNotHideIt() {
		this.clerk.addUser(ClerkData.user("user_second_cookie").email("second-cookie@example.com"));
		String other = this.clerk.tokens().session("user_other_app").issuer("https://clerk.other.example").sign();
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.COOKIE,
					"__session=" + other + "; __session=" + this.clerk.tokens().token("user_second_cookie"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_second_cookie");
	}

	/**
	 * Black-box run 318 F1: a chain with token types of its own, built as machine-auth.md
	 * shows, reads the session cookie as the application's other chains do, and refuses a
	 * machine token found in it as of a type accepted in the header only.
	 */
	@Test
	void aChainWithTokenTypesOfItsOwnReadsTheSessionCookie() {
		this.clerk.addUser(ClerkData.user("user_both").email("both@example.com"));
		this.client.get()
			.uri("/both/name")
			.cookie("__session", this.clerk.tokens().token("user_both"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("user_both");
		this.client.get()
			.uri("/both/name")
			.cookie("__session", this.clerk.createApiKey("user_both", "reports:read").secret())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-type-mismatch");
	}

	@Test
	void aCookieTokenFromAnotherOriginIsRefused() {
		String foreign = this.clerk.tokens().session("user_cookie").authorizedParty("https://evil.example").sign();
		this.client.get()
			.uri("/api/me")
			.cookie("__session", foreign)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-invalid-authorized-parties");
	}

	@Test
	void aCookieAuthenticatedPostNeedsACsrfToken() {
		this.clerk.addUser(ClerkData.user("user_cookie").email("cookie@example.com"));
		this.client.post()
			.uri("/api/echo")
			.cookie("__session", this.clerk.tokens().token("user_cookie"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	/**
	 * A cookie issued by Clerk's clock ahead of this server's, beyond the clock skew by
	 * its {@code iat} alone, is as stale as an expired one (black-box run 356).
	 */
	@Test
	void aSessionCookieIssuedByAClockAheadMakesTheRequestAnonymous() {
		String ahead = this.clerk.tokens().session("user_cookie").issuedAt(Instant.now().plusSeconds(12)).sign();
		this.client.get().uri("/public/hello").cookie("__session", ahead).exchange().expectStatus().isOk();
		this.client.get()
			.uri("/api/me")
			.cookie("__session", ahead)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-iat-in-the-future");
	}

	@Test
	void anExpiredSessionCookieMakesTheRequestAnonymous() {
		String expired = this.clerk.tokens().session("user_cookie").expired().sign();
		this.client.get().uri("/public/hello").cookie("__session", expired).exchange().expectStatus().isOk();
		this.client.get()
			.uri("/api/me")
			.cookie("__session", expired)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-expired");
		this.client.get()
			.uri("/public/hello")
			.headers(ClerkTestTokens.bearer(expired))
			.exchange()
			.expectStatus()
			// a header token is still refused at once
			.isUnauthorized();
	}

	@Test
	void aColdStartWithoutClerkAnswers503UntilTheKeysArrive() {
		this.clerk.addUser(ClerkData.user("user_cold").email("cold@example.com"));
		String token = this.clerk.tokens().token("user_cold");
		this.keys.clear();
		this.clerk.setUnavailable(true);
		try {
			this.client.get()
				.uri("/api/me")
				.headers(ClerkTestTokens.bearer(token))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER)
				.expectBody()
				.jsonPath("$.reason")
				.isEqualTo("keys-unavailable");
		}
		finally {
			this.clerk.setUnavailable(false);
		}
		this.client.get().uri("/api/me").headers(ClerkTestTokens.bearer(token)).exchange().expectStatus().isOk();
	}

	/**
	 * A webhook delivery is authenticated by its Svix signature alone: the Clerk session
	 * cookie of a browser or a gateway that forwards one is neither a reason to refuse a
	 * signed delivery nor a way past the signature.
	 */
	@Test
	void aDeliveryIsJudgedByItsSignatureNotByASessionCookieItCarries() {
		String foreign = this.clerk.tokens().session("user_cookie").authorizedParty("https://evil.example").sign();
		ClerkWebhookClient webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
		String body = ClerkEvents.userCreated(ClerkData.user("user_delivered").email("delivered@example.com")).toJson();
		Map<String, String> signed = new LinkedHashMap<>(ClerkWebhookSigner.test().sign(body));
		signed.put("Cookie", "__session=" + foreign);
		Delivery delivery = webhooks.post(body, signed);
		assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
		assertThat(this.users.findByClerkId("user_delivered")).isPresent();

		this.clerk.addUser(ClerkData.user("user_cookie").email("cookie@example.com"));
		String forged = ClerkEvents.userCreated(ClerkData.user("user_forged").email("forged@example.com")).toJson();
		Map<String, String> unsigned = new LinkedHashMap<>(new ClerkWebhookSigner(
				"whsec_" + Base64.getEncoder().encodeToString("another-secret-of-24-bytes".getBytes()))
			.sign(forged));
		unsigned.put("Cookie", "__session=" + this.clerk.tokens().token("user_cookie"));
		Delivery refused = webhooks.post(forged, unsigned);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("\"reason\":\"invalid-signature\"");
		assertThat(this.users.findByClerkId("user_forged")).isEmpty();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class BothChainConfiguration {

		/**
		 * A chain that takes session tokens and API keys, as machine-auth.md shows a
		 * chain with token types of its own.
		 */
		@Bean
		@Order(1)
		SecurityWebFilterChain bothChain(ServerHttpSecurity http, ClerkServerConfigurer clerk, BeanFactory beans) {
			clerk.disable(http);
			clerk
				.withAuthenticationManager(new ClerkReactiveAuthenticationManager(ClerkAuthenticationProvider
					.fromBeans(beans, AcceptedTokenTypes.of(ClerkTokenType.SESSION_TOKEN, ClerkTokenType.API_KEY))))
				.customize(http);
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/both/**"))
				.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.build();
		}

		@Bean
		BothController bothController() {
			return new BothController();
		}

	}

	@RestController
	static class BothController {

		@GetMapping("/both/name")
		Mono<String> name(Mono<Principal> principal) {
			return principal.map(Principal::getName);
		}

	}

}
