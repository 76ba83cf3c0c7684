package dev.clerkusers.it.reactive;

import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * webflux.md's partner chain, as written: Clerk turned off, and Spring Security's
 * resource server given the partner's decoder. Black-box run 186 F1: the page's example
 * took the context's decoder ({@code jwt(withDefaults())}), which is clerk-users' own, so
 * the chain that turned Clerk off let every Clerk user in.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import({ ReactivePartnerResourceServerTests.PartnerApi.class, ReactiveSecurityConfiguration.class })
class ReactivePartnerResourceServerTests {

	/** The partner's signing key. */
	static final RSAKey PARTNER_KEY = partnerKey();

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void thePartnersTokenIsReadAndAClerkTokenIsNot() throws JOSEException {
		this.client.get()
			.uri("/partner/hello")
			.headers(ClerkTestTokens.bearer(partnerToken("partner-service")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("partner-service");
		this.clerk.addUser(ClerkData.user("user_not_a_partner").email("not-a-partner@example.com"));
		this.client.get()
			.uri("/partner/hello")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_not_a_partner")))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_not_a_partner")))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static String partnerToken(String subject) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(PARTNER_KEY.getKeyID()).build(),
				new JWTClaimsSet.Builder().subject(subject)
					.issuer("https://auth.partner.example")
					.expirationTime(Date.from(Instant.now().plusSeconds(60)))
					.build());
		jwt.sign(new RSASSASigner(PARTNER_KEY));
		return jwt.serialize();
	}

	private static RSAKey partnerKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("partner-1").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(PartnerController.class)
	static class PartnerApi {

		@Bean
		@Order(1)
		SecurityWebFilterChain partnerApi(ServerHttpSecurity http, ClerkServerConfigurer clerk) throws JOSEException {
			clerk.disable(http);
			NimbusReactiveJwtDecoder partnerDecoder = NimbusReactiveJwtDecoder
				.withPublicKey(PARTNER_KEY.toRSAPublicKey())
				.build();
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/partner/**"))
				.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtDecoder(partnerDecoder)))
				.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.build();
		}

	}

	@RestController
	static class PartnerController {

		@GetMapping("/partner/hello")
		Mono<String> hello(Authentication authentication) {
			return Mono.just(authentication.getName());
		}

	}

}
