package dev.clerkusers.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachingClerkMachineTokenVerifierTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

	private final AtomicInteger calls = new AtomicInteger();

	/** Clerk's Backend API as seen by the cache: what it answers, and how often asked. */
	private volatile ClerkMachineTokenVerifier clerk = (token) -> apiKey(null);

	private final CachingClerkMachineTokenVerifier cache = new CachingClerkMachineTokenVerifier((token) -> {
		this.calls.incrementAndGet();
		return this.clerk.verify(token);
	}, 100, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), this.clock);

	@Test
	void anAcceptedTokenIsVerifiedOnceWithinTheRevocationInterval() {
		for (int i = 0; i < 20; i++) {
			assertThat(this.cache.verify("ak_1").subject()).isEqualTo("user_1");
			this.clock.advance(Duration.ofSeconds(2));
		}
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void aRevokedOpaqueTokenIsRefusedOnceTheRevocationIntervalHasPassed() {
		this.cache.verify("ak_1");
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID, "revoked");
		};
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.cache.verify("ak_1").subject()).isEqualTo("user_1");
		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("ak_1"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MACHINE_TOKEN_INVALID));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void aTokenIsNotServedFromTheCacheAfterItExpires() {
		this.clerk = (token) -> apiKey(this.clock.instant().plusSeconds(20));
		this.cache.verify("ak_1");
		this.clock.advance(Duration.ofSeconds(26));
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID, "expired");
		};
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("ak_1"));
		assertThat(this.calls).hasValue(2);
	}

	/**
	 * Review run 290: an accepted JWT was remembered until it expired, up to a year, so
	 * one signed with a key Clerk has since taken out of the instance's keys (a retired
	 * or a compromised one) stayed accepted. A JWT cannot be revoked, but it is verified
	 * again, locally, after the same interval as an opaque token, against the keys held
	 * then.
	 */
	@Test
	void aJwtIsVerifiedAgainAfterTheRevocationIntervalSoThatARetiredKeyEndsIt() {
		this.clerk = (token) -> m2mJwt();
		this.cache.verify("jwt");
		this.clock.advance(Duration.ofSeconds(59));
		this.cache.verify("jwt");
		assertThat(this.calls).hasValue(1);
		this.clerk = (token) -> {
			// The key id is the instance's, so a key rotated out fails the signature.
			throw new ClerkTokenException(TokenRejectionReason.INVALID_SIGNATURE, "signed by a key no longer held");
		};
		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("jwt"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_SIGNATURE));
		assertThat(this.calls).hasValue(2);
	}

	/**
	 * Review 349: once a key that may have verified JWTs is retired, they are verified
	 * again at their next use, as session tokens are, not served for the rest of the
	 * revocation interval; opaque tokens, which Clerk verified, and refusals are kept.
	 */
	@Test
	void forgettingJwtsVerifiesEachAgainAndKeepsOpaqueTokensAndRefusals() {
		this.clerk = (token) -> switch (token) {
			case "jwt" -> m2mJwt();
			case "ak_garbage" -> throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID, "unknown");
			default -> apiKey(null);
		};
		this.cache.verify("jwt");
		this.cache.verify("ak_1");
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("ak_garbage"));
		this.cache.forgetJwts();
		assertThat(this.cache.size()).as("the opaque token and the refusal").isEqualTo(2);
		this.cache.verify("jwt");
		this.cache.verify("ak_1");
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("ak_garbage"));
		assertThat(this.calls).as("the JWT verified again, nothing else").hasValue(4);
	}

	/**
	 * A key retired while a JWT was being verified with it (the fetch that retired it ran
	 * meanwhile): the outcome goes to the request that asked, and is not remembered.
	 */
	@Test
	void aJwtVerifiedWhileJwtsWereForgottenIsNotRemembered() {
		AtomicInteger verifications = new AtomicInteger();
		CachingClerkMachineTokenVerifier[] cache = new CachingClerkMachineTokenVerifier[1];
		cache[0] = new CachingClerkMachineTokenVerifier((token) -> {
			if (verifications.incrementAndGet() == 1) {
				cache[0].forgetJwts();
			}
			return m2mJwt();
		}, 100, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), this.clock);
		assertThat(cache[0].verify("jwt").subject()).isEqualTo("mch_1");
		assertThat(cache[0].size()).isZero();
		cache[0].verify("jwt");
		cache[0].verify("jwt");
		assertThat(verifications).as("verified again once, then remembered").hasValue(2);
	}

	@Test
	void aJwtIsNotServedFromTheCacheAfterItExpires() {
		this.clerk = (token) -> ClerkMachineToken.builder(ClerkTokenType.M2M_TOKEN, "mt_1", "mch_1")
			.jwt(true)
			.expiresAt(this.clock.instant().plusSeconds(30))
			.build();
		this.cache.verify("jwt");
		this.clock.advance(Duration.ofSeconds(36));
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.EXPIRED, "expired");
		};
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("jwt"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.EXPIRED));
		assertThat(this.calls).as("verified again, not served from the cache").hasValue(2);
	}

	/**
	 * A revocation interval or a refusal time longer than a {@code long} of nanoseconds
	 * reaches (about 292 years, "never" as a user may write it) keeps the cache working,
	 * where its write failed and every request called Clerk.
	 */
	@Test
	void intervalsOfCenturiesKeepTheCacheWorking() {
		CachingClerkMachineTokenVerifier forAges = new CachingClerkMachineTokenVerifier((token) -> {
			this.calls.incrementAndGet();
			return this.clerk.verify(token);
		}, 100, Duration.ofDays(400_000), Duration.ofDays(400_000), Duration.ofSeconds(5), this.clock);
		for (int i = 0; i < 3; i++) {
			assertThat(forAges.verify("ak_1").subject()).isEqualTo("user_1");
		}
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID, "unknown");
		};
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> forAges.verify("ak_garbage"));
		}
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void aRefusedTokenIsRememberedBrieflySoThatRepeatsCostNoCall() {
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN_INVALID, "unknown");
		};
		for (int i = 0; i < 100; i++) {
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("ak_garbage"));
		}
		assertThat(this.calls).hasValue(1);
		this.clock.advance(Duration.ofSeconds(11));
		this.clerk = (token) -> apiKey(null);
		assertThat(this.cache.verify("ak_garbage").subject()).isEqualTo("user_1");
		assertThat(this.calls).hasValue(2);
	}

	/**
	 * A JWT refused for its signature may be the first of a key Clerk has just rotated
	 * under the instance's key id; once the keys are fetched again it verifies, and
	 * checking it again calls no one: it is not remembered (review 342, where it stayed
	 * refused for the refusal's ten seconds).
	 */
	@Test
	void aJwtRefusedForItsSignatureIsNotRemembered() {
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_SIGNATURE, "The signature is invalid");
		};
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("eyJ.rotated.jwt"));
		this.clerk = (token) -> apiKey(null);
		assertThat(this.cache.verify("eyJ.rotated.jwt").subject()).isEqualTo("user_1");
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void aTokenThatCouldNotBeVerifiedIsNotRemembered() {
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE, "Clerk is down");
		};
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("ak_1"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE));
		this.clerk = (token) -> apiKey(null);
		assertThat(this.cache.verify("ak_1").subject()).isEqualTo("user_1");
		assertThat(this.calls).hasValue(2);
	}

	/**
	 * A request whose token Clerk cannot verify during an outage is answered 503; the
	 * cache must not log a stack trace for each of them, as Caffeine does for a load that
	 * fails (through {@code java.util.logging} here, where nothing else routes it).
	 */
	@Test
	void aTokenThatCouldNotBeVerifiedLogsNoStackTrace() {
		this.clerk = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE, "Clerk is down");
		};
		List<LogRecord> logged = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				logged.add(record);
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine");
		caffeine.addHandler(handler);
		try {
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify("ak_down"));
			}
		}
		finally {
			caffeine.removeHandler(handler);
		}
		assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
	}

	@Test
	void concurrentRequestsWithOneTokenMakeOneCall() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.clerk = (token) -> {
			inside.countDown();
			await(release);
			return apiKey(null);
		};
		int threads = 16;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch started = new CountDownLatch(threads);
			List<Future<ClerkMachineToken>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					started.countDown();
					return this.cache.verify("ak_concurrent");
				}));
			}
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
			release.countDown();
			for (Future<ClerkMachineToken> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS).id()).isEqualTo("ak_1");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void theCacheIsBounded() {
		CachingClerkMachineTokenVerifier small = new CachingClerkMachineTokenVerifier((token) -> apiKey(null), 10,
				Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), this.clock);
		for (int i = 0; i < 100; i++) {
			small.verify("ak_" + i);
		}
		assertThat(small.size()).isLessThanOrEqualTo(10);
	}

	private ClerkMachineToken m2mJwt() {
		return ClerkMachineToken.builder(ClerkTokenType.M2M_TOKEN, "mt_1", "mch_1")
			.jwt(true)
			.expiresAt(this.clock.instant().plus(Duration.ofDays(200)))
			.build();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ClerkMachineToken apiKey(Instant expiresAt) {
		return ClerkMachineToken.builder(ClerkTokenType.API_KEY, "ak_1", "user_1")
			.scopes(List.of("reports:read"))
			.expiresAt(expiresAt)
			.build();
	}

}
