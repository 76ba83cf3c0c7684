package dev.clerkusers.token;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachingClerkTokenVerifierTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

	private final AtomicInteger verifications = new AtomicInteger();

	private final NimbusClerkTokenVerifier real = NimbusClerkTokenVerifier.withKeys(new PemKeySource(publicKey()))
		.clock(this.clock)
		.build();

	private final ClerkTokenVerifier counting = (token) -> {
		this.verifications.incrementAndGet();
		return this.real.verify(token);
	};

	private final CachingClerkTokenVerifier cache = new CachingClerkTokenVerifier(this.counting, 100,
			Duration.ofSeconds(5), this.clock);

	@Test
	void aRepeatedTokenIsVerifiedOnce() {
		String token = TestJwts.sign(TestJwts.claims(this.clock.instant()));
		for (int i = 0; i < 50; i++) {
			assertThat(this.cache.verify(token).userId()).isEqualTo("user_1");
		}
		assertThat(this.verifications).hasValue(1);
	}

	/**
	 * Reactive applications verify on the request's thread only what needs no I/O: a
	 * remembered, current token; otherwise the delegate decides (a plain lambda, like a
	 * verifier that does not know, says no).
	 */
	@Test
	void onlyARememberedCurrentTokenIsVerifiedWithoutBlocking() {
		String token = TestJwts.sign(TestJwts.claims(this.clock.instant()));
		assertThat(this.cache.verifiesWithoutBlocking(token)).isFalse();
		this.cache.verify(token);
		assertThat(this.cache.verifiesWithoutBlocking(token)).isTrue();
		this.clock.advance(Duration.ofSeconds(66));
		assertThat(this.cache.verifiesWithoutBlocking(token)).isFalse();
		CachingClerkTokenVerifier overPem = new CachingClerkTokenVerifier(this.real, 100, Duration.ofSeconds(5),
				this.clock);
		assertThat(overPem.verifiesWithoutBlocking(token)).as("the PEM key is held").isTrue();
	}

	/**
	 * Black-box run 91: a token that expires further ahead than a {@code long} of
	 * nanoseconds reaches (about 292 years) failed the cache's write on every request, so
	 * it was verified anew each time.
	 */
	@Test
	void aTokenExpiringCenturiesAheadIsRememberedToo() {
		Map<String, Object> claims = TestJwts.claims(this.clock.instant());
		claims.put("exp", 8_640_000_000_000L);
		String token = TestJwts.sign(claims);
		for (int i = 0; i < 3; i++) {
			assertThat(this.cache.verify(token).userId()).isEqualTo("user_1");
		}
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void anExpiredTokenIsNeverServedFromTheCache() {
		String token = TestJwts.sign(TestJwts.claims(this.clock.instant()));
		this.cache.verify(token);
		this.clock.advance(Duration.ofSeconds(66));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.EXPIRED));
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void aRefusedTokenIsNotCachedAndIsRefusedEachTime() {
		Map<String, Object> claims = TestJwts.claims(this.clock.instant());
		claims.remove("sid");
		String token = TestJwts.sign(claims);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify(token));
		}
		assertThat(this.verifications).hasValue(3);
		assertThat(this.cache.size()).isZero();
	}

	/**
	 * The verifier refuses a token with whitespace around it, so the cache must not take
	 * it for the token without: the key is the token exactly as given.
	 */
	@ParameterizedTest
	@ValueSource(strings = { " ", "\n", "\t" })
	void aCachedTokenWithWhitespaceAroundItIsAnotherTokenAndRefused(String whitespace) {
		String token = TestJwts.sign(TestJwts.claims(this.clock.instant()));
		this.cache.verify(token);
		for (String padded : List.of(whitespace + token, token + whitespace)) {
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.cache.verify(padded))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED));
		}
		assertThat(this.verifications).hasValue(3);
	}

	/**
	 * Once a key that verified tokens is retired, they are verified again at their next
	 * use (the auto-configuration clears the cache then).
	 */
	@Test
	void aClearedCacheVerifiesEachTokenAgain() {
		String token = TestJwts.sign(TestJwts.claims(this.clock.instant()));
		this.cache.verify(token);
		this.cache.clear();
		assertThat(this.cache.size()).isZero();
		this.cache.verify(token);
		assertThat(this.verifications).hasValue(2);
	}

	/**
	 * A key retired while a token was being verified with it (the fetch that retired it
	 * clears the cache between the verification and its write): the token is answered as
	 * verified, but not remembered, so its next use is verified with the new keys (review
	 * 345: it was remembered until its expiry).
	 */
	@Test
	void aTokenVerifiedWhileTheCacheWasClearedIsNotRemembered() {
		AtomicReference<CachingClerkTokenVerifier> cache = new AtomicReference<>();
		AtomicBoolean clearDuringVerification = new AtomicBoolean(true);
		cache.set(new CachingClerkTokenVerifier((token) -> {
			this.verifications.incrementAndGet();
			ClerkSessionClaims claims = this.real.verify(token);
			if (clearDuringVerification.getAndSet(false)) {
				cache.get().clear();
			}
			return claims;
		}, 100, Duration.ofSeconds(5), this.clock));
		String token = TestJwts.sign(TestJwts.claims(this.clock.instant()));
		cache.get().verify(token);
		assertThat(cache.get().size()).isZero();
		cache.get().verify(token);
		cache.get().verify(token);
		assertThat(this.verifications).as("verified again once, then remembered").hasValue(2);
	}

	@Test
	void theCacheIsBounded() {
		CachingClerkTokenVerifier small = new CachingClerkTokenVerifier(this.counting, 10, Duration.ofSeconds(5),
				this.clock);
		for (int i = 0; i < 200; i++) {
			Map<String, Object> claims = TestJwts.claims(this.clock.instant());
			claims.put("sid", "sess_" + i);
			small.verify(TestJwts.sign(claims));
		}
		small.verify(TestJwts.sign(TestJwts.claims(this.clock.instant())));
		assertThat(small.size()).isLessThanOrEqualTo(10);
	}

	private static RSAPublicKey publicKey() {
		try {
			return TestJwts.KEY.toRSAPublicKey();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
