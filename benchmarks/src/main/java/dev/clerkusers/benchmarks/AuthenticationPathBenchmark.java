package dev.clerkusers.benchmarks;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clerkusers.security.ClerkAuthenticationFilter;
import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.user.ClerkUserLoader;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * A whole Clerk-authenticated request path (filter, provider, verifier, cached user)
 * against Spring Security's plain resource-server path
 * ({@code BearerTokenAuthenticationFilter}, {@code JwtAuthenticationProvider},
 * {@code NimbusJwtDecoder}) with the same RSA key, in the same run.
 * <ul>
 * <li>{@code *NewToken}: a different token on every request (a pool of 4096 tokens, and a
 * token cache of 16 entries for clerk-users, so that every lookup misses while the hash
 * and the insert are still paid);</li>
 * <li>{@code *RepeatedToken}: one token again and again, as a browser sends for the 60
 * seconds a Clerk token lives (clerk-users with its default token cache).</li>
 * </ul>
 * {@code clerkObserved*}: the same clerk-users paths with an {@code ObservationRegistry}
 * that records the {@code clerk.token.verification} observation as timers in a meter
 * registry, as Spring Boot sets it up; compared with {@code clerk*} they give the cost of
 * the instrumentation.
 * <p>
 * The user is loaded by the real {@code ClerkUserService} of a running application, from
 * its user cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class AuthenticationPathBenchmark {

	private static final FilterChain NOTHING = (request, response) -> {
	};

	private AuthenticationFixture fixture;

	private ClerkAuthenticationFilter clerkNewTokens;

	private ClerkAuthenticationFilter clerkRepeatedToken;

	private ClerkAuthenticationFilter clerkObservedNewTokens;

	private ClerkAuthenticationFilter clerkObservedRepeatedToken;

	private BearerTokenAuthenticationFilter resourceServer;

	private final AtomicInteger next = new AtomicInteger();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.fixture = AuthenticationFixture.start();
		Clock clock = this.fixture.clock;
		ClerkUserLoader loader = this.fixture.userLoader;
		this.clerkNewTokens = clerkFilter(
				new CachingClerkTokenVerifier(this.fixture.verifier, 16, Duration.ofSeconds(5), clock), loader, clock,
				ObservationRegistry.NOOP);
		this.clerkRepeatedToken = clerkFilter(
				new CachingClerkTokenVerifier(this.fixture.verifier, 10_000, Duration.ofSeconds(5), clock), loader,
				clock, ObservationRegistry.NOOP);
		// As Spring Boot configures an application with Micrometer metrics: observations
		// recorded as timers in a meter registry.
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		this.clerkObservedNewTokens = clerkFilter(
				new CachingClerkTokenVerifier(this.fixture.verifier, 16, Duration.ofSeconds(5), clock), loader, clock,
				observations);
		this.clerkObservedRepeatedToken = clerkFilter(
				new CachingClerkTokenVerifier(this.fixture.verifier, 10_000, Duration.ofSeconds(5), clock), loader,
				clock, observations);
		this.resourceServer = new BearerTokenAuthenticationFilter(new ProviderManager(
				new JwtAuthenticationProvider(NimbusJwtDecoder.withPublicKey(this.fixture.publicKey).build())));
	}

	private static ClerkAuthenticationFilter clerkFilter(ClerkTokenVerifier verifier, ClerkUserLoader loader,
			Clock clock, ObservationRegistry observations) {
		ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider(verifier);
		provider.setUserLoader(loader);
		provider.setClock(clock);
		provider.setObservationRegistry(observations);
		return new ClerkAuthenticationFilter(new ProviderManager(provider));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.fixture.close();
	}

	@Benchmark
	public int clerkNewToken() throws ServletException, IOException {
		return run(this.clerkNewTokens, nextToken());
	}

	@Benchmark
	public int resourceServerNewToken() throws ServletException, IOException {
		return run(this.resourceServer, nextToken());
	}

	@Benchmark
	public int clerkRepeatedToken() throws ServletException, IOException {
		return run(this.clerkRepeatedToken, this.fixture.repeatedToken);
	}

	@Benchmark
	public int clerkObservedNewToken() throws ServletException, IOException {
		return run(this.clerkObservedNewTokens, nextToken());
	}

	@Benchmark
	public int clerkObservedRepeatedToken() throws ServletException, IOException {
		return run(this.clerkObservedRepeatedToken, this.fixture.repeatedToken);
	}

	@Benchmark
	public int resourceServerRepeatedToken() throws ServletException, IOException {
		return run(this.resourceServer, this.fixture.repeatedToken);
	}

	private String nextToken() {
		return this.fixture.tokens[Math.floorMod(this.next.getAndIncrement(), AuthenticationFixture.POOL)];
	}

	static int run(Filter filter, String token) throws ServletException, IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", "Bearer " + token);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, NOTHING);
		int status = response.getStatus();
		if (status != 200 || SecurityContextHolder.getContext().getAuthentication() == null) {
			throw new IllegalStateException("Not authenticated: " + status + " " + response.getContentAsString());
		}
		SecurityContextHolder.clearContext();
		return status;
	}

}
