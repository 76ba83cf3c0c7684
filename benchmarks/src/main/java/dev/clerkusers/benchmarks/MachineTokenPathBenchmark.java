package dev.clerkusers.benchmarks;

import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiTransport;
import dev.clerkusers.security.ClerkAuthenticationFilter;
import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.BackendApiMachineTokenVerifier;
import dev.clerkusers.token.CachingClerkMachineTokenVerifier;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkMachineTokenVerifier;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.token.DefaultClerkMachineTokenVerifier;
import dev.clerkusers.token.LocalMachineJwtVerifier;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.PemKeySource;
import dev.clerkusers.user.ClerkUserLoader;
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
import org.springframework.security.authentication.ProviderManager;

/**
 * The cached machine-token path against the session-token path, in the same run, through
 * the whole {@code ClerkAuthenticationFilter} → provider → verifier:
 * <ul>
 * <li>{@code sessionRepeatedToken}: the baseline, one session token again and again on a
 * session-only chain (the default token cache, the user from the real
 * {@code ClerkUserService}'s cache), as {@link AuthenticationPathBenchmark}'s
 * {@code clerkRepeatedToken};</li>
 * <li>{@code sessionTokenOnMixedChain}: the same token on a chain that also accepts API
 * keys, M2M and OAuth tokens, so that the type is told by the token's form first;</li>
 * <li>{@code apiKeyRepeatedToken}: one API key again and again, verified once by the fake
 * Backend API over HTTP and then taken from the machine-token cache (the revocation
 * interval is longer than the run);</li>
 * <li>{@code m2mJwtRepeatedToken}: one JWT-format M2M token, verified locally once and
 * then taken from the cache.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class MachineTokenPathBenchmark {

	private FakeClerkBackend clerk;

	private ConfigurableApplicationContext application;

	private ClerkAuthenticationFilter sessionOnly;

	private ClerkAuthenticationFilter mixed;

	private String sessionToken;

	private String apiKey;

	private String m2mJwt;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.clerk = FakeClerkBackend.start();
		this.clerk.addUser(ClerkData.user("user_bench").email("bench@example.com"));
		this.application = BenchmarkApplication.start(this.clerk, false);
		ClerkUserLoader loader = AuthenticationFixture.cachedUserLoader(this.application);
		ClerkTestTokens keys = this.clerk.tokens();
		RSAPublicKey publicKey = keys.publicJwk().toRSAPublicKey();
		Clock clock = Clock.systemUTC();
		PemKeySource keySource = new PemKeySource(publicKey);
		CachingClerkTokenVerifier sessions = new CachingClerkTokenVerifier(NimbusClerkTokenVerifier.withKeys(keySource)
			.issuer(keys.issuer())
			.authorizedParties(List.of(keys.authorizedParty()))
			.clock(clock)
			.build(), 10_000, Duration.ofSeconds(5), clock);
		ClerkApiClient api = new ClerkApiClient(
				ClerkApiTransport.builder(this.clerk.apiUrl(), this.clerk.secretKey()).build());
		ClerkMachineTokenVerifier machines = new CachingClerkMachineTokenVerifier(
				new DefaultClerkMachineTokenVerifier(
						new LocalMachineJwtVerifier(keySource, Duration.ofSeconds(5), clock),
						new BackendApiMachineTokenVerifier(api, null, Duration.ofSeconds(5), clock)),
				10_000, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(5), clock);
		this.sessionOnly = filter(sessions, loader, clock, AcceptedTokenTypes.sessionTokensOnly(), machines);
		this.mixed = filter(sessions, loader, clock, AcceptedTokenTypes.of(ClerkTokenType.values()), machines);
		this.sessionToken = keys.session("user_bench").lifetime(Duration.ofHours(1)).sign();
		this.apiKey = this.clerk.createApiKey("org_bench", "reports:read").secret();
		this.m2mJwt = keys.m2mToken("mch_bench").scopes("mch_receiver").sign();
	}

	private static ClerkAuthenticationFilter filter(CachingClerkTokenVerifier sessions, ClerkUserLoader loader,
			Clock clock, AcceptedTokenTypes accepted, ClerkMachineTokenVerifier machines) {
		ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider(sessions);
		provider.setUserLoader(loader);
		provider.setClock(clock);
		provider.setAcceptedTokenTypes(accepted);
		provider.setMachineTokenVerifier(machines);
		return new ClerkAuthenticationFilter(new ProviderManager(provider));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		int calls = this.clerk.verifyCalls("/api_keys/verify").size();
		this.application.close();
		this.clerk.close();
		if (calls > 1) {
			throw new IllegalStateException("The API key was verified " + calls + " times, not at most once");
		}
	}

	@Benchmark
	public int sessionRepeatedToken() throws ServletException, IOException {
		return AuthenticationPathBenchmark.run(this.sessionOnly, this.sessionToken);
	}

	@Benchmark
	public int sessionTokenOnMixedChain() throws ServletException, IOException {
		return AuthenticationPathBenchmark.run(this.mixed, this.sessionToken);
	}

	@Benchmark
	public int apiKeyRepeatedToken() throws ServletException, IOException {
		return AuthenticationPathBenchmark.run(this.mixed, this.apiKey);
	}

	@Benchmark
	public int m2mJwtRepeatedToken() throws ServletException, IOException {
		return AuthenticationPathBenchmark.run(this.mixed, this.m2mJwt);
	}

}
