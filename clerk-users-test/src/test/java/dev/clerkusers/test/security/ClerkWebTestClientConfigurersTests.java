package dev.clerkusers.test.security;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.clerkusers.test.token.ClerkTestTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

import dev.clerkusers.test.security.ClerkWebTestClientConfigurers.ClerkUserConfigurer;

import static dev.clerkusers.test.security.ClerkWebTestClientConfigurers.bearerToken;
import static dev.clerkusers.test.security.ClerkWebTestClientConfigurers.clerkUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@code mutateWith(clerkUser(…))} sends a real session token, signed by the given tokens
 * or by the application context's, and says what to do when there are none. The server
 * here answers with the {@code Authorization} header it received.
 */
class ClerkWebTestClientConfigurersTests {

	private final ClerkTestTokens tokens = ClerkTestTokens.generate();

	@Test
	void theGivenTokensSignTheUsersSessionTokenWithItsCustomization() throws Exception {
		WebTestClient client = WebTestClient.bindToWebHandler(ClerkWebTestClientConfigurersTests::echo).build();
		String authorization = authorization(client.mutateWith(clerkUser("user_ada").tokens(this.tokens)
			.token((token) -> token.organization("org_1", "acme", "org:admin"))));
		JWTClaimsSet claims = verified(authorization, this.tokens);
		assertThat(claims.getSubject()).isEqualTo("user_ada");
		assertThat(claims.getIssuer()).isEqualTo(this.tokens.issuer());
		assertThat(claims.getClaims().toString()).contains("org_1");
	}

	@Test
	void aClientBoundToTheApplicationContextIsSignedByItsTokens() throws Exception {
		try (GenericApplicationContext context = echoApplication()) {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			String authorization = authorization(client.mutateWith(clerkUser("user_ada")));
			assertThat(verified(authorization, this.tokens).getSubject()).isEqualTo("user_ada");
		}
	}

	@Test
	void eachRequestGetsAFreshToken() throws Exception {
		WebTestClient client = WebTestClient.bindToWebHandler(ClerkWebTestClientConfigurersTests::echo)
			.build()
			.mutateWith(clerkUser("user_ada").tokens(this.tokens));
		String first = authorization(client);
		String second = authorization(client);
		assertThat(verified(first, this.tokens).getJWTID()).isNotEqualTo(verified(second, this.tokens).getJWTID());
	}

	@Test
	void aClientBoundToAServerWithoutTokensIsToldToPassThem() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:9").build();
		assertThatIllegalStateException()
			.isThrownBy(() -> client.mutateWith(clerkUser("user_ada")).get().uri("/").exchange())
			.withMessageContaining("pass the signing key with .tokens(…)");
	}

	/**
	 * Black-box run 173: a client bound to an application without {@link ClerkTestTokens}
	 * (a slice without {@code @AutoConfigureFakeClerk}), or to a handler, signed on the
	 * server's side and failed there, so the test saw a bare 500 and the reason was in
	 * the server's log only.
	 */
	@Test
	void aClientBoundToAnApplicationWithoutTokensIsToldAsTheUserIsApplied() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean("webHandler", WebHandler.class, () -> ClerkWebTestClientConfigurersTests::echo);
			context.refresh();
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			assertThatIllegalStateException().isThrownBy(() -> client.mutateWith(clerkUser("user_ada")))
				.withMessageContaining("@AutoConfigureFakeClerk")
				.withMessageContaining("pass the signing key with .tokens(…)");
		}
		WebTestClient handler = WebTestClient.bindToWebHandler(ClerkWebTestClientConfigurersTests::echo).build();
		assertThatIllegalStateException().isThrownBy(() -> handler.mutateWith(clerkUser("user_ada")))
			.withMessageContaining("pass the signing key with .tokens(…)");
	}

	/**
	 * Black-box run 198, F3: {@code bearerToken(null)} sent {@code Bearer null}, which
	 * the application refused as a malformed token, so a test that expects a 401 passed
	 * for the wrong reason. Both kits' post-processors refuse it.
	 */
	@Test
	@SuppressWarnings("NullAway")
	void aNullBearerTokenIsRefused() {
		assertThatNullPointerException().isThrownBy(() -> bearerToken(null)).withMessage("token must not be null");
		assertThatNullPointerException().isThrownBy(() -> ClerkRequestPostProcessors.bearerToken(null))
			.withMessage("token must not be null");
		assertThatNullPointerException().isThrownBy(() -> clerkUser(null)).withMessage("userId must not be null");
	}

	@Test
	void aGivenBearerTokenIsSentAsIs() {
		WebTestClient client = WebTestClient.bindToWebHandler(ClerkWebTestClientConfigurersTests::echo).build();
		assertThat(authorization(client.mutateWith(bearerToken("abc.def.ghi")))).isEqualTo("Bearer abc.def.ghi");
	}

	/**
	 * Each configurer sets the request's one {@code Authorization} header: applied after
	 * another, the last one wins, and a header set after them (a default header, the
	 * request's own) wins over both, as with MockMvc's post-processors. Signed on the
	 * client side (with the given tokens) and on the server side (a client bound to the
	 * application context) alike.
	 */
	@Test
	void theLastAuthorizationAppliedWins() throws Exception {
		try (GenericApplicationContext context = echoApplication()) {
			assertTheLastAuthorizationAppliedWins(WebTestClient.bindToApplicationContext(context).build(),
					ClerkWebTestClientConfigurers::clerkUser);
		}
		assertTheLastAuthorizationAppliedWins(
				WebTestClient.bindToWebHandler(ClerkWebTestClientConfigurersTests::echo).build(),
				(userId) -> clerkUser(userId).tokens(this.tokens));
	}

	/**
	 * Checks every order of two configurers, and headers set after one.
	 * @param client the client
	 * @param user a user's configurer for that client
	 */
	private void assertTheLastAuthorizationAppliedWins(WebTestClient client, Function<String, ClerkUserConfigurer> user)
			throws Exception {
		assertThat(authorization(client.mutateWith(user.apply("user_ada")).mutateWith(bearerToken("abc.def.ghi"))))
			.isEqualTo("Bearer abc.def.ghi");
		assertThat(subject(
				authorization(client.mutateWith(bearerToken("abc.def.ghi")).mutateWith(user.apply("user_ada")))))
			.isEqualTo("user_ada");
		assertThat(subject(authorization(client.mutateWith(user.apply("user_ada")).mutateWith(user.apply("user_bob")))))
			.isEqualTo("user_bob");
		assertThat(subject(authorization(client.mutateWith(user.apply("user_bob")).mutateWith(user.apply("user_ada")))))
			.isEqualTo("user_ada");
		assertThat(authorization(client.mutateWith(user.apply("user_ada"))
			.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer default")
			.build())).isEqualTo("Bearer default");
		assertThat(client.mutateWith(user.apply("user_ada"))
			.get()
			.uri("/")
			.header(HttpHeaders.AUTHORIZATION, "Bearer own")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()).isEqualTo("Bearer own");
	}

	/**
	 * An application context whose web handler answers with the {@code Authorization}
	 * headers it received, holding {@link #tokens} as its {@link ClerkTestTokens}.
	 */
	private GenericApplicationContext echoApplication() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean("webHandler", WebHandler.class, () -> ClerkWebTestClientConfigurersTests::echo);
		context.registerBean(ClerkTestTokens.class, () -> this.tokens);
		context.refresh();
		return context;
	}

	private String subject(String authorization) throws ParseException, JOSEException {
		return verified(authorization, this.tokens).getSubject();
	}

	private static String authorization(WebTestClient client) {
		return client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static JWTClaimsSet verified(String authorization, ClerkTestTokens tokens)
			throws ParseException, JOSEException {
		assertThat(authorization).startsWith("Bearer ");
		SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
		assertThat(jwt.verify(new RSASSAVerifier(tokens.publicJwk()))).isTrue();
		return jwt.getJWTClaimsSet();
	}

	private static Mono<Void> echo(ServerWebExchange exchange) {
		// Every Authorization header the request carries: the application sees one.
		String authorization = String.join(" | ",
				exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION));
		DataBuffer body = exchange.getResponse().bufferFactory().wrap(authorization.getBytes(StandardCharsets.UTF_8));
		return exchange.getResponse().writeWith(Mono.just(body));
	}

}
