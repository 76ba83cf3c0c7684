package dev.clerkusers.token;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class JwksKeySourceTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

	private final CountingFetcher fetcher = new CountingFetcher(TestJwts.KEY);

	/** Background refreshes wait here until a test runs them. */
	private final Queue<Runnable> background = new ArrayDeque<>();

	private final JwksKeySource keys = new JwksKeySource(this.fetcher, Duration.ofMinutes(5), Duration.ofSeconds(30),
			this.clock, this.background::add);

	@Test
	void fetchesOnceAndRefreshesAheadOfTheTimeToLiveInTheBackground() throws Exception {
		for (int i = 0; i < 100; i++) {
			assertThat(this.keys.keyFor(header(TestJwts.KEY))).isEqualTo(TestJwts.KEY.toRSAPublicKey());
		}
		assertThat(this.fetcher.count()).isOne();
		this.clock.advance(Duration.ofMinutes(3));
		this.keys.keyFor(header(TestJwts.KEY));
		assertThat(this.background).isEmpty();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.keys.keyFor(header(TestJwts.KEY))).as("served at once with the keys held")
			.isEqualTo(TestJwts.KEY.toRSAPublicKey());
		assertThat(this.fetcher.count()).as("the request did not wait for the refresh").isOne();
		assertThat(this.background).as("one refresh, however many requests").hasSize(1);
		this.keys.keyFor(header(TestJwts.KEY));
		assertThat(this.background).hasSize(1);
		runBackground();
		assertThat(this.fetcher.count()).isEqualTo(2);
		this.keys.keyFor(header(TestJwts.KEY));
		assertThat(this.background).as("fresh again").isEmpty();
	}

	/**
	 * Reactive applications verify on the request's thread only what needs no fetch: a
	 * key is held only once fetched, and an unknown key id would fetch.
	 */
	@Test
	void holdsAKeyOnlyOnceItWasFetched() {
		assertThat(this.keys.holdsKeyFor(header(TestJwts.KEY))).isFalse();
		this.keys.keyFor(header(TestJwts.KEY));
		assertThat(this.keys.holdsKeyFor(header(TestJwts.KEY))).isTrue();
		assertThat(this.keys.holdsKeyFor(header(TestJwts.OTHER_KEY))).isFalse();
		this.keys.clear();
		assertThat(this.keys.holdsKeyFor(header(TestJwts.KEY))).isFalse();
		assertThat(this.fetcher.count()).as("asking never fetches").isOne();
	}

	@Test
	void aKeySetWithoutAUsableSigningKeyNeverReplacesAGoodOne() throws Exception {
		this.keys.keyFor(header(TestJwts.KEY));
		this.fetcher.serve();
		this.clock.advance(Duration.ofMinutes(5));
		this.keys.keyFor(header(TestJwts.KEY));
		runBackground();
		assertThat(this.fetcher.count()).isEqualTo(2);
		assertThat(this.keys.keyFor(header(TestJwts.KEY))).as("the good key is kept")
			.isEqualTo(TestJwts.KEY.toRSAPublicKey());
		this.fetcher.serveForEncryption(TestJwts.OTHER_KEY);
		this.clock.advance(Duration.ofSeconds(30));
		this.keys.keyFor(header(TestJwts.KEY));
		runBackground();
		assertThat(this.fetcher.count()).isEqualTo(3);
		assertThat(this.keys.keyFor(header(TestJwts.KEY))).isEqualTo(TestJwts.KEY.toRSAPublicKey());
	}

	@Test
	void anUnknownKeyIdRefetchesSoThatARotatedKeyIsFound() throws Exception {
		this.keys.keyFor(header(TestJwts.KEY));
		this.fetcher.serve(TestJwts.KEY, TestJwts.OTHER_KEY);
		assertThat(this.keys.keyFor(header(TestJwts.OTHER_KEY))).isEqualTo(TestJwts.OTHER_KEY.toRSAPublicKey());
		assertThat(this.fetcher.count()).isEqualTo(2);
	}

	@Test
	void anUnknownKeyIdRightAfterAFetchDoesNotFetchTheSameKeysAgain() {
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header("made-up")))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEY_NOT_FOUND));
		assertThat(this.fetcher.count()).as("the first token's fetch is the fresh one").isOne();
		this.clock.advance(Duration.ofMinutes(5));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header("made-up")));
		assertThat(this.fetcher.count()).as("the expiry's fetch is the fresh one").isEqualTo(2);
	}

	@Test
	void aFloodOfUnknownKeyIdsMakesAtMostOneFetchPerInterval() {
		this.keys.keyFor(header(TestJwts.KEY));
		for (int i = 0; i < 1000; i++) {
			String kid = "made-up-" + i;
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(kid)))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEY_NOT_FOUND));
		}
		assertThat(this.fetcher.count()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(29));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header("again")));
		assertThat(this.fetcher.count()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header("later")));
		assertThat(this.fetcher.count()).isEqualTo(3);
	}

	/**
	 * A token refused with a key that a fetch has replaced since (a due refresh that ran
	 * meanwhile) starts no fetch: the keys held are already new (review 342).
	 */
	@Test
	void aSignatureRefusedWithAKeyReplacedSinceStartsNoFetch() throws Exception {
		this.keys.keyFor(header(TestJwts.KEY));
		this.keys.onSignatureFailure(header(TestJwts.KEY), TestJwts.rsaKey(TestJwts.KEY.getKeyID()).toRSAPublicKey());
		assertThat(this.background).isEmpty();
		this.keys.onSignatureFailure(header(TestJwts.KEY), TestJwts.KEY.toRSAPublicKey());
		assertThat(this.background).as("refused with the key held").hasSize(1);
	}

	/**
	 * What was verified with a key that Clerk rotated out is not to be trusted any more:
	 * a fetch that retires a key held (another key under its id, or none) runs the
	 * actions, and one that fetches the same keys again does not (review 342).
	 */
	@Test
	void aFetchThatRetiresAKeyRunsTheActions() {
		AtomicInteger retired = new AtomicInteger();
		this.keys.addKeyRetiredListener(retired::incrementAndGet);
		this.keys.addKeyRetiredListener(() -> {
			throw new IllegalStateException("an action that fails");
		});
		this.keys.keyFor(header(TestJwts.KEY));
		this.clock.advance(Duration.ofMinutes(4));
		this.keys.keyFor(header(TestJwts.KEY));
		runBackground();
		assertThat(this.fetcher.count()).isEqualTo(2);
		assertThat(retired).as("the same keys fetched again").hasValue(0);
		RSAKey rotated = TestJwts.rsaKey(TestJwts.KEY.getKeyID());
		this.fetcher.serve(rotated);
		this.clock.advance(Duration.ofMinutes(4));
		this.keys.keyFor(header(TestJwts.KEY));
		runBackground();
		assertThat(retired).as("a key replaced under its id").hasValue(1);
		this.fetcher.serve(rotated, TestJwts.OTHER_KEY);
		this.keys.keyFor(header(TestJwts.OTHER_KEY));
		assertThat(retired).as("a key added").hasValue(1);
		this.fetcher.serve(TestJwts.OTHER_KEY);
		this.clock.advance(Duration.ofMinutes(4));
		this.keys.keyFor(header(TestJwts.OTHER_KEY));
		runBackground();
		assertThat(retired).as("a key gone from the set").hasValue(2);
		this.keys.clear();
		assertThat(retired).as("the keys forgotten").hasValue(3);
		this.keys.clear();
		assertThat(retired).as("nothing held to forget").hasValue(3);
	}

	@Test
	void keysFetchedBeforeAreKeptWhenClerkIsUnreachable() throws Exception {
		this.keys.keyFor(header(TestJwts.KEY));
		this.fetcher.fail(true);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.keys.keyFor(header(TestJwts.KEY))).isEqualTo(TestJwts.KEY.toRSAPublicKey());
		runBackground();
		assertThat(this.keys.keyFor(header(TestJwts.KEY))).isEqualTo(TestJwts.KEY.toRSAPublicKey());
		assertThat(this.background).as("no refresh again until the interval passes").isEmpty();
		assertThat(this.fetcher.count()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(30));
		this.fetcher.fail(false);
		this.keys.keyFor(header(TestJwts.KEY));
		runBackground();
		assertThat(this.fetcher.count()).isEqualTo(3);
	}

	/**
	 * An unknown key id stays a missing key (401) while the key set cannot be fetched
	 * (issue #11): Clerk's key id is its instance's id, so a key id not held is another
	 * instance's token, not a rotation. The keys held still verify, and the failed fetch
	 * is not tried again within the interval.
	 */
	@Test
	void anUnknownKeyIdStaysAMissingKeyWhileTheKeySetCannotBeFetched() {
		this.keys.keyFor(header(TestJwts.KEY));
		this.clock.advance(Duration.ofSeconds(30));
		this.fetcher.fail(true);
		assertThatExceptionOfType(ClerkTokenException.class)
			.isThrownBy(() -> this.keys.keyFor(header(TestJwts.OTHER_KEY)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEY_NOT_FOUND));
		assertThat(this.fetcher.count()).isEqualTo(2);
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header("made-up")))
			.as("within the interval, without fetching again")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEY_NOT_FOUND));
		assertThat(this.fetcher.count()).isEqualTo(2);
		assertThat(this.keys.keyFor(header(TestJwts.KEY))).isNotNull();
		assertThat(this.keys.state().lastFailure()).as("the failed fetch, for the health indicator").isNotNull();
	}

	/**
	 * Forgetting the keys forgets the last failure too: the next token is a first start
	 * (waited for, not refused while the fetch runs), and the health says so.
	 */
	@Test
	void aClearForgetsTheLastFailureToo() throws Exception {
		this.keys.keyFor(header(TestJwts.KEY));
		this.fetcher.fail(true);
		this.clock.advance(Duration.ofMinutes(10));
		this.keys.keyFor(header(TestJwts.KEY));
		runBackground();
		assertThat(this.keys.state().lastFailure()).isNotNull();
		this.keys.clear();
		assertThat(this.keys.state().lastFailure()).isNull();
		assertThat(this.keys.state().lastFailureAt()).isNull();
	}

	@Test
	void withoutAnyKeysTokensAreRefusedAsKeysUnavailable() {
		this.fetcher.fail(true);
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEYS_UNAVAILABLE));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)));
		assertThat(this.fetcher.count()).as("a failure holds back fetches for the interval").isOne();
	}

	/**
	 * A cold start while Clerk is unreachable (issue #11: "503 until keys arrive"):
	 * without keys, a failed fetch is tried again after the {@code Retry-After} of the
	 * 503 that clients get, not after the refetch interval, so that the instance answers
	 * again as soon as Clerk is back.
	 */
	@Test
	void withoutAnyKeysAFailedFetchIsTriedAgainAfterTheRetryAfterOfThe503() throws Exception {
		this.fetcher.fail(true);
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)));
		this.fetcher.fail(false);
		this.clock.advance(JwksKeySource.COLD_RETRY_INTERVAL.minusMillis(1));
		assertThatExceptionOfType(ClerkTokenException.class).as("within the wait")
			.isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEYS_UNAVAILABLE));
		assertThat(this.fetcher.count()).isOne();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.keys.keyFor(header(TestJwts.KEY))).isEqualTo(TestJwts.KEY.toRSAPublicKey());
		assertThat(this.fetcher.count()).isEqualTo(2);
	}

	/**
	 * The wait after a failed fetch counts from the failure: a fetch that took longer
	 * than the wait (a timeout) is not made again by the next request at once, nor by
	 * each request queued behind it in turn.
	 */
	@Test
	void aFailedFetchHoldsBackTheNextFromTheMomentItFailed() {
		this.fetcher.fail(true);
		this.fetcher.whileFetching(() -> this.clock.advance(JwksKeySource.COLD_RETRY_INTERVAL.plusSeconds(1)));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEYS_UNAVAILABLE));
		assertThat(this.fetcher.count()).isOne();
	}

	/**
	 * Without keys, once a fetch failed (Clerk unreachable at a cold start), a request
	 * that finds the next fetch running is answered 503 at once: it does not wait for a
	 * fetch that may well time out too.
	 */
	@Test
	void withoutKeysAfterAFailureARequestDoesNotWaitForARunningFetch() throws Exception {
		this.fetcher.fail(true);
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)));
		this.clock.advance(JwksKeySource.COLD_RETRY_INTERVAL);
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.fetcher.block(fetching, release);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<?> retry = executor.submit(() -> this.keys.keyFor(header(TestJwts.KEY)));
			assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> this.keys.keyFor(header(TestJwts.KEY)))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEYS_UNAVAILABLE));
			assertThat(this.fetcher.running()).as("answered while the fetch still runs").isOne();
			release.countDown();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> retry.get(10, TimeUnit.SECONDS));
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.fetcher.count()).isEqualTo(2);
	}

	@Test
	void oneFetchAtATimeConcurrentCallersShareIt() throws Exception {
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.fetcher.block(fetching, release);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				calls.add(executor.submit(() -> this.keys.keyFor(header(TestJwts.KEY))));
			}
			assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
			release.countDown();
			for (Future<?> call : calls) {
				call.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.fetcher.count()).isOne();
	}

	/**
	 * Requests that arrive during a cold start's first fetch wait for it, and take its
	 * outcome: when it fails, they are answered as it was, and none of them fetches again
	 * after it, one after the other (with a refetch interval of 0, each would).
	 */
	@Test
	void callersWaitingForAFetchThatFailsTakeItsOutcomeAndDoNotFetchAgain() throws Exception {
		JwksKeySource keys = new JwksKeySource(this.fetcher, Duration.ofMinutes(5), Duration.ZERO, this.clock,
				this.background::add);
		this.fetcher.fail(true);
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.fetcher.block(fetching, release);
		List<Thread> callers = new ArrayList<>();
		List<Throwable> outcomes = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 5; i++) {
			Thread caller = new Thread(() -> {
				try {
					keys.keyFor(header(TestJwts.KEY));
				}
				catch (RuntimeException ex) {
					outcomes.add(ex);
				}
			});
			callers.add(caller);
			caller.start();
			if (i == 0) {
				assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
			}
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> callers.subList(1, 5)
				.stream()
				.allMatch((caller) -> caller.getState() == Thread.State.WAITING));
		release.countDown();
		for (Thread caller : callers) {
			caller.join(10_000);
		}
		assertThat(outcomes).hasSize(5)
			.allSatisfy((ex) -> assertThat(ex).isInstanceOfSatisfying(ClerkTokenException.class,
					(token) -> assertThat(token.getReason()).isEqualTo(TokenRejectionReason.KEYS_UNAVAILABLE)));
		assertThat(this.fetcher.count()).isOne();
	}

	@Test
	void aKeyIdFromTheTokenReachesTheMessageEscapedAndCut() {
		this.keys.keyFor(header(TestJwts.KEY));
		String forged = "x\n2026-06-01 ERROR forged log line\r" + "y".repeat(200);
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(header(forged)))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n")
				.doesNotContain("\r")
				.contains("\\u000a")
				.doesNotContain("y".repeat(100))
				.hasSizeLessThan(300));
	}

	/**
	 * As {@code @clerk/backend}: a key of the instance is found by the token's key id
	 * only, so a token without one is refused, also where the key set has a single key
	 * (and answered at once: no fetch can find it).
	 */
	@Test
	void aTokenWithoutKeyIdIsRefusedEvenBesideASingleKey() {
		this.keys.keyFor(header(TestJwts.KEY));
		JWSHeader withoutKeyId = new JWSHeader.Builder(JWSAlgorithm.RS256).build();
		assertThat(this.keys.holdsKeyFor(withoutKeyId)).isTrue();
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.keys.keyFor(withoutKeyId))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEY_NOT_FOUND));
		assertThat(this.fetcher.count()).isOne();
	}

	private static JWSHeader header(RSAKey key) {
		return header(key.getKeyID());
	}

	private static JWSHeader header(String kid) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
	}

	private void runBackground() {
		Runnable task;
		while ((task = this.background.poll()) != null) {
			task.run();
		}
	}

	static final class CountingFetcher implements JwksFetcher {

		private final AtomicInteger count = new AtomicInteger();

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicReference<JWKSet> served = new AtomicReference<>();

		private volatile boolean failing;

		private volatile CountDownLatch fetching;

		private volatile CountDownLatch release;

		private volatile Runnable whileFetching = () -> {
		};

		CountingFetcher(RSAKey... keys) {
			serve(keys);
		}

		void serve(RSAKey... keys) {
			this.served.set(new JWKSet(Arrays.stream(keys).map(RSAKey::toPublicJWK).map(JWK.class::cast).toList()));
		}

		void serveForEncryption(RSAKey key) throws JOSEException {
			this.served.set(new JWKSet(
					new RSAKey.Builder(key.toRSAPublicKey()).keyUse(KeyUse.ENCRYPTION).keyID(key.getKeyID()).build()));
		}

		void fail(boolean failing) {
			this.failing = failing;
		}

		void whileFetching(Runnable action) {
			this.whileFetching = action;
		}

		void block(CountDownLatch fetching, CountDownLatch release) {
			this.fetching = fetching;
			this.release = release;
		}

		int count() {
			return this.count.get();
		}

		int running() {
			return this.running.get();
		}

		@Override
		public JWKSet fetch() {
			this.running.incrementAndGet();
			try {
				return fetchNow();
			}
			finally {
				this.running.decrementAndGet();
			}
		}

		private JWKSet fetchNow() {
			this.count.incrementAndGet();
			if (this.fetching != null) {
				this.fetching.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.whileFetching.run();
			if (this.failing) {
				throw new JwksFetchException("unreachable", new IOException("connection refused"));
			}
			return this.served.get();
		}

	}

}
