package dev.clerkusers.benchmarks;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.PemKeySource;
import dev.clerkusers.user.ClerkUserLoader;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the authentication path benchmarks share: a fake Clerk, the application on an
 * embedded PostgreSQL with the benchmark's user stored and cached, the verifier over the
 * fake's RSA key, and the tokens (a pool of distinct ones, and one to repeat).
 */
final class AuthenticationFixture implements AutoCloseable {

	static final int POOL = 4096;

	final FakeClerkBackend clerk;

	final ConfigurableApplicationContext application;

	final ClerkUserLoader userLoader;

	final RSAPublicKey publicKey;

	final Clock clock = Clock.systemUTC();

	final NimbusClerkTokenVerifier verifier;

	final String[] tokens = new String[POOL];

	final String repeatedToken;

	private AuthenticationFixture() throws JOSEException {
		this.clerk = FakeClerkBackend.start();
		this.clerk.addUser(ClerkData.user("user_bench").email("bench@example.com"));
		this.application = BenchmarkApplication.start(this.clerk, false);
		this.userLoader = cachedUserLoader(this.application);
		ClerkTestTokens keys = this.clerk.tokens();
		this.publicKey = keys.publicJwk().toRSAPublicKey();
		this.verifier = NimbusClerkTokenVerifier.withKeys(new PemKeySource(this.publicKey))
			.issuer(keys.issuer())
			.authorizedParties(List.of(keys.authorizedParty()))
			.clock(this.clock)
			.build();
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

	static AuthenticationFixture start() throws JOSEException {
		return new AuthenticationFixture();
	}

	@Override
	public void close() {
		this.application.close();
		this.clerk.close();
	}

}
