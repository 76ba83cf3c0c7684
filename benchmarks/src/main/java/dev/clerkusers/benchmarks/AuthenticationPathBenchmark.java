package dev.clerkusers.benchmarks;

import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.security.ClerkAuthenticationFilter;
import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.PemKeySource;
import dev.clerkusers.user.ClerkUserLoader;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
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

import org.springframework.context.ConfigurableApplicationContext;
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

	private static final int POOL = 4096;

	private static final FilterChain NOTHING = (request, response) -> {
	};

	private FakeClerkBackend clerk;

	private ConfigurableApplicationContext application;

	private ClerkAuthenticationFilter clerkNewTokens;

	private ClerkAuthenticationFilter clerkRepeatedToken;

	private BearerTokenAuthenticationFilter resourceServer;

	private String[] tokens;

	private String repeatedToken;

	private final AtomicInteger next = new AtomicInteger();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.clerk = FakeClerkBackend.start();
		this.clerk.addUser(ClerkData.user("user_bench").email("bench@example.com"));
		this.application = BenchmarkApplication.start(this.clerk, false);
		ClerkUserLoader loader = cachedUserLoader(this.application);
		ClerkTestTokens keys = this.clerk.tokens();
		RSAPublicKey publicKey = keys.publicJwk().toRSAPublicKey();
		Clock clock = Clock.systemUTC();
		NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier.withKeys(new PemKeySource(publicKey))
			.issuer(keys.issuer())
			.authorizedParties(List.of(keys.authorizedParty()))
			.clock(clock)
			.build();
		this.clerkNewTokens = clerkFilter(new CachingClerkTokenVerifier(verifier, 16, Duration.ofSeconds(5), clock),
				loader, clock);
		this.clerkRepeatedToken = clerkFilter(
				new CachingClerkTokenVerifier(verifier, 10_000, Duration.ofSeconds(5), clock), loader, clock);
		this.resourceServer = new BearerTokenAuthenticationFilter(
				new ProviderManager(new JwtAuthenticationProvider(NimbusJwtDecoder.withPublicKey(publicKey).build())));
		this.tokens = new String[POOL];
		for (int i = 0; i < POOL; i++) {
			this.tokens[i] = keys.session("user_bench").lifetime(Duration.ofHours(1)).sign();
		}
		this.repeatedToken = keys.session("user_bench").lifetime(Duration.ofHours(1)).sign();
	}

	/**
	 * A user loader over the application's real {@code ClerkUserService}, with the
	 * benchmark's user stored and in its cache.
	 */
	static ClerkUserLoader cachedUserLoader(ConfigurableApplicationContext application) {
		ClerkUserService users = application.getBean(ClerkUserService.class);
		ClerkUserSynchronizer synchronizer = application.getBean(ClerkUserSynchronizer.class);
		synchronizer.upsertFromClerk(ClerkResource
			.read(ClerkData.user("user_bench").email("bench@example.com").toJsonNode(), UserResource.class));
		users.findCachedByClerkId("user_bench");
		return new ClerkUserLoader(users, synchronizer, null, true);
	}

	private static ClerkAuthenticationFilter clerkFilter(ClerkTokenVerifier verifier, ClerkUserLoader loader,
			Clock clock) {
		ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider(verifier);
		provider.setUserLoader(loader);
		provider.setClock(clock);
		return new ClerkAuthenticationFilter(new ProviderManager(provider));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.application.close();
		this.clerk.close();
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
		return run(this.clerkRepeatedToken, this.repeatedToken);
	}

	@Benchmark
	public int resourceServerRepeatedToken() throws ServletException, IOException {
		return run(this.resourceServer, this.repeatedToken);
	}

	private String nextToken() {
		return this.tokens[Math.floorMod(this.next.getAndIncrement(), POOL)];
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
