package dev.clerkusers.test.security;

import java.util.Objects;
import java.util.function.Consumer;

import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.token.SessionTokenBuilder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * {@link WebTestClient} configurers that send a real, signed Clerk session token, so that
 * the application's real filter, verifier and user loading run, the counterpart of
 * {@link ClerkRequestPostProcessors} for MockMvc.
 *
 * <pre class="code">
 * client.mutateWith(clerkUser("user_123")).get().uri("/api/me").exchange()
 *     .expectStatus().isOk();
 *
 * client.mutateWith(clerkUser("user_123")
 *         .token((token) -&gt; token.organization("org_1", "acme", "org:admin")))
 *     .get().uri("/api/teams").exchange();
 * </pre>
 *
 * The token is signed by the {@link ClerkTestTokens} bean of the application (registered
 * by {@code @AutoConfigureFakeClerk}), or by the tokens given with
 * {@link ClerkUserConfigurer#tokens}. The bean is found
 * <ul>
 * <li>for a client bound to the application context
 * ({@code WebTestClient.bindToApplicationContext}, or Spring Boot's
 * {@code @AutoConfigureWebTestClient} in a mock web environment): through the exchange's
 * application context;</li>
 * <li>for a client bound to a running server: Spring Boot's auto-configured client
 * ({@code @AutoConfigureWebTestClient}) carries it in the request attribute
 * {@link #TOKENS_ATTRIBUTE}, which {@code @AutoConfigureFakeClerk} sets. A client built
 * by hand ({@code WebTestClient.bindToServer()}) has none: pass the tokens with
 * {@link ClerkUserConfigurer#tokens}.</li>
 * </ul>
 * Needs Spring WebFlux on the class path, as {@code WebTestClient} does.
 */
public final class ClerkWebTestClientConfigurers {

	/**
	 * The request attribute that carries the application's {@link ClerkTestTokens} to a
	 * client bound to a running server; {@code @AutoConfigureFakeClerk} sets it on every
	 * request of Spring Boot's auto-configured {@code WebTestClient}.
	 */
	public static final String TOKENS_ATTRIBUTE = ClerkTestTokens.class.getName();

	private ClerkWebTestClientConfigurers() {
	}

	/**
	 * Sends a session token of a user.
	 * @param userId the Clerk user id
	 * @return the configurer, to refine
	 */
	public static ClerkUserConfigurer clerkUser(String userId) {
		return new ClerkUserConfigurer(userId);
	}

	/**
	 * Sends a given token as {@code Authorization: Bearer}.
	 * @param token the token
	 * @return the configurer
	 */
	public static WebTestClientConfigurer bearerToken(String token) {
		Objects.requireNonNull(token, "token must not be null");
		return (builder, httpHandlerBuilder, connector) -> builder.defaultHeader(HttpHeaders.AUTHORIZATION,
				"Bearer " + token);
	}

	/**
	 * Sends a session token of a user, built with a {@link SessionTokenBuilder} when each
	 * request is sent.
	 */
	public static final class ClerkUserConfigurer implements WebTestClientConfigurer {

		private final SessionTokenRequest token;

		private ClerkUserConfigurer(String userId) {
			this.token = new SessionTokenRequest(userId);
		}

		/**
		 * Customizes the token: organization, expiry, claims…
		 * @param customizer changes the token builder
		 * @return this configurer
		 */
		public ClerkUserConfigurer token(Consumer<SessionTokenBuilder> customizer) {
			this.token.customize(customizer);
			return this;
		}

		/**
		 * Signs with these tokens instead of the application's {@link ClerkTestTokens}
		 * bean.
		 * @param tokens the signing key
		 * @return this configurer
		 */
		public ClerkUserConfigurer tokens(ClerkTestTokens tokens) {
			this.token.tokens(tokens);
			return this;
		}

		/**
		 * Replaces the {@code Authorization} applied before this configurer (a default
		 * header, another user's signing), so that the last one applied wins; one set
		 * after it (a {@link #bearerToken bearer token}, a default header, the request's
		 * own header) is left as it is, as the signing happens only for a request without
		 * one.
		 */
		@Override
		public void afterConfigurerAdded(WebTestClient.Builder builder,
				@Nullable WebHttpHandlerBuilder httpHandlerBuilder, @Nullable ClientHttpConnector connector) {
			builder.defaultHeaders((headers) -> headers.remove(HttpHeaders.AUTHORIZATION));
			builder.filters((filters) -> filters.removeIf(ClientSigning.class::isInstance));
			if (httpHandlerBuilder != null) {
				httpHandlerBuilder.filters((filters) -> filters.removeIf(SigningWebFilter.class::isInstance));
			}
			if (httpHandlerBuilder != null && !this.token.hasTokens()) {
				httpHandlerBuilder.filters((filters) -> filters.add(0, new SigningWebFilter(this.token)));
				// Tokens missing fail here, on the test's side, not as a 500 of the
				// server.
				httpHandlerBuilder.httpHandlerDecorator(ClerkWebTestClientConfigurers::requireTokens);
			}
			else {
				builder.filter(new ClientSigning(this.token));
			}
		}

	}

	/**
	 * Refuses to build a client bound to an application without {@link ClerkTestTokens},
	 * or to a handler without an application, for a configurer that was given no tokens.
	 * @param handler the handler the client is bound to, Spring's adapter of the
	 * application's web handler
	 * @return the handler
	 */
	private static HttpHandler requireTokens(HttpHandler handler) {
		if (handler instanceof HttpWebHandlerAdapter adapter) {
			ApplicationContext context = adapter.getApplicationContext();
			if (context == null || context.getBeanProvider(ClerkTestTokens.class).getIfUnique() == null) {
				throw new IllegalStateException(SessionTokenRequest.NO_TOKENS);
			}
		}
		return handler;
	}

	/**
	 * Signs on the client side, with the given tokens or those of the request attribute,
	 * a request that has no {@code Authorization} header yet.
	 */
	private record ClientSigning(SessionTokenRequest token) implements ExchangeFilterFunction {

		@Override
		public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
			if (request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
				return next.exchange(request);
			}
			ClerkTestTokens found = (ClerkTestTokens) request.attribute(TOKENS_ATTRIBUTE).orElse(null);
			return Mono.fromCallable(() -> this.token.authorization(found))
				.flatMap((authorization) -> next.exchange(ClientRequest.from(request)
					.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, authorization))
					.build()));
		}

	}

	/**
	 * Signs on the server side of a client bound to the application context, with the
	 * context's {@link ClerkTestTokens}, a request that has no {@code Authorization}
	 * header yet. Signing may read the system's random source, so it runs on a bounded
	 * scheduler; the exchange then goes on on a non-blocking thread, as it would have.
	 */
	private record SigningWebFilter(SessionTokenRequest token) implements WebFilter {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
				return chain.filter(exchange);
			}
			ApplicationContext context = exchange.getApplicationContext();
			ClerkTestTokens found = (context != null) ? context.getBeanProvider(ClerkTestTokens.class).getIfUnique()
					: null;
			return Mono.fromCallable(() -> this.token.authorization(found))
				.subscribeOn(Schedulers.boundedElastic())
				.publishOn(Schedulers.parallel())
				.flatMap((authorization) -> chain.filter(exchange.mutate()
					.request((request) -> request
						.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, authorization)))
					.build()));
		}

	}

}
