package dev.clerkusers.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.security.reactive.ClerkReactiveAuthenticationManager;
import dev.clerkusers.security.reactive.ServerClerkTokenAuthenticationConverter;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.user.ClerkUserLoader;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The reactive (WebFlux) Clerk-authenticated request path against Spring Security's
 * reactive resource server, with the same RSA key, in the same run, in the shape of
 * {@link AuthenticationPathBenchmark}: each request is an {@link AuthenticationWebFilter}
 * (with clerk-users' converter and {@link ClerkReactiveAuthenticationManager}, or
 * Spring's {@code ServerBearerTokenAuthenticationConverter} and
 * {@code JwtReactiveAuthenticationManager} over {@code NimbusReactiveJwtDecoder}) over a
 * mock exchange, subscribed to until the chain has seen the authentication.
 * <ul>
 * <li>{@code *NewToken}: a different token on every request (a pool of 4096 tokens, and a
 * token cache of 16 entries for clerk-users, so that every lookup misses while the hash
 * and the insert are still paid);</li>
 * <li>{@code *RepeatedToken}: one token again and again (clerk-users with its default
 * token cache);</li>
 * <li>{@code clerkWithUsersRepeatedToken}: clerk-users with the users table (the real
 * {@code ClerkUserService} of a running application, from its user cache), which runs on
 * the bounded-elastic scheduler since the users table blocks.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class ReactiveAuthenticationPathBenchmark {

	private static final WebFilterChain SEEN = (exchange) -> ReactiveSecurityContextHolder.getContext()
		.mapNotNull(SecurityContext::getAuthentication)
		.switchIfEmpty(Mono.error(() -> new IllegalStateException("Not authenticated")))
		.doOnNext((authentication) -> exchange.getAttributes().put("authentication", authentication))
		.then();

	private AuthenticationFixture fixture;

	private WebFilter clerkNewTokens;

	private WebFilter clerkRepeatedToken;

	private WebFilter clerkWithUsers;

	private WebFilter resourceServer;

	private final AtomicInteger next = new AtomicInteger();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.fixture = AuthenticationFixture.start();
		Clock clock = this.fixture.clock;
		this.clerkNewTokens = clerkFilter(
				new CachingClerkTokenVerifier(this.fixture.verifier, 16, Duration.ofSeconds(5), clock), null, clock);
		CachingClerkTokenVerifier cached = new CachingClerkTokenVerifier(this.fixture.verifier, 10_000,
				Duration.ofSeconds(5), clock);
		this.clerkRepeatedToken = clerkFilter(cached, null, clock);
		this.clerkWithUsers = clerkFilter(cached, this.fixture.userLoader, clock);
		AuthenticationWebFilter resourceServer = new AuthenticationWebFilter(new JwtReactiveAuthenticationManager(
				NimbusReactiveJwtDecoder.withPublicKey(this.fixture.publicKey).build()));
		resourceServer.setServerAuthenticationConverter(new ServerBearerTokenAuthenticationConverter());
		this.resourceServer = resourceServer;
	}

	private static WebFilter clerkFilter(ClerkTokenVerifier verifier, @Nullable ClerkUserLoader loader, Clock clock) {
		ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider(verifier);
		if (loader != null) {
			provider.setUserLoader(loader);
		}
		provider.setClock(clock);
		AuthenticationWebFilter filter = new AuthenticationWebFilter(new ClerkReactiveAuthenticationManager(provider));
		filter.setServerAuthenticationConverter(new ServerClerkTokenAuthenticationConverter());
		return filter;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.fixture.close();
	}

	@Benchmark
	public Authentication clerkNewToken() {
		return run(this.clerkNewTokens, nextToken());
	}

	@Benchmark
	public Authentication resourceServerNewToken() {
		return run(this.resourceServer, nextToken());
	}

	@Benchmark
	public Authentication clerkRepeatedToken() {
		return run(this.clerkRepeatedToken, this.fixture.repeatedToken);
	}

	@Benchmark
	public Authentication resourceServerRepeatedToken() {
		return run(this.resourceServer, this.fixture.repeatedToken);
	}

	@Benchmark
	public Authentication clerkWithUsersRepeatedToken() {
		return run(this.clerkWithUsers, this.fixture.repeatedToken);
	}

	private String nextToken() {
		return this.fixture.tokens[Math.floorMod(this.next.getAndIncrement(), AuthenticationFixture.POOL)];
	}

	/**
	 * Codecs and sessions as a server holds them, once for all exchanges
	 * ({@code MockServerWebExchange} creates Jackson codecs for each, which cost more
	 * than what is measured).
	 */
	private static final ServerCodecConfigurer CODECS = ServerCodecConfigurer.create();

	private static final WebSessionManager SESSIONS = new DefaultWebSessionManager();

	private static final LocaleContextResolver LOCALES = new AcceptHeaderLocaleContextResolver();

	private static Authentication run(WebFilter filter, String token) {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/me")
			.header("Authorization", "Bearer " + token)
			.build();
		ServerWebExchange exchange = new DefaultServerWebExchange(request, new MockServerHttpResponse(), SESSIONS,
				CODECS, LOCALES);
		filter.filter(exchange, SEEN).block();
		Authentication authentication = exchange.getAttribute("authentication");
		if (authentication == null || exchange.getResponse().getStatusCode() != null) {
			throw new IllegalStateException("Not authenticated: " + exchange.getResponse().getStatusCode());
		}
		return authentication;
	}

}
