package dev.clerkusers.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Remembers what machine tokens were found to be, so that a script calling an API many
 * times costs Clerk's Backend API one call per token and interval, not one per request.
 * <ul>
 * <li>The key is the SHA-256 of the token; the token itself is never stored.</li>
 * <li>An accepted token is remembered until it expires, and at most for the revocation
 * interval: a revoked API key, M2M or OAuth token is refused at the latest that long
 * after its revocation. A JWT cannot be revoked, but is verified again (locally) after
 * the same interval, against the keys held then, and at once when a key it may have been
 * verified with is retired ({@link #forgetJwts()}): one signed with a key Clerk has taken
 * out of the instance's keys is refused once they are fetched again. Either expiry allows
 * the clock skew, as the verification of a JWT does.</li>
 * <li>A refused token is remembered as refused for a short while, so that the same
 * garbage sent again and again costs one call, not one per request; but a JWT refused for
 * its signature, which may be the first of a key Clerk has just rotated, and costs no
 * call to verify again.</li>
 * <li>Single flight: however many requests bring the same token at once, one verification
 * runs and all of them wait for its result.</li>
 * <li>A token that could not be verified (Clerk unavailable) is not remembered: the next
 * request tries again. The cache is bounded; a cache failure is a miss.</li>
 * </ul>
 */
public final class CachingClerkMachineTokenVerifier implements ClerkMachineTokenVerifier {

	private static final Log logger = LogFactory.getLog(CachingClerkMachineTokenVerifier.class);

	private final ClerkMachineTokenVerifier delegate;

	private final AsyncCache<String, Outcome> cache;

	private final Duration revocationInterval;

	private final Duration refusalTtl;

	private final Duration clockSkew;

	private final Clock clock;

	/**
	 * Creates a caching verifier.
	 * @param delegate verifies tokens on a miss
	 * @param maximumSize how many tokens are remembered at most
	 * @param revocationInterval how long an accepted token is remembered at most
	 * @param refusalTtl how long a refused token is remembered
	 * @param clockSkew the clock skew allowed for expiry
	 * @param clock the clock
	 */
	public CachingClerkMachineTokenVerifier(ClerkMachineTokenVerifier delegate, long maximumSize,
			Duration revocationInterval, Duration refusalTtl, Duration clockSkew, Clock clock) {
		this.delegate = delegate;
		this.revocationInterval = revocationInterval;
		this.refusalTtl = refusalTtl;
		this.clockSkew = clockSkew;
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.executor(Runnable::run)
			.ticker(() -> nanos(clock.instant()))
			.expireAfter(new UntilDue())
			.buildAsync();
	}

	@Override
	public ClerkMachineToken verify(String token) {
		String key = TokenDigest.of(token);
		Outcome outcome = outcome(key, token);
		if (outcome.token() != null) {
			Instant expiresAt = outcome.token().expiresAt().orElse(null);
			if (expiresAt != null && !expiresAt.isAfter(this.clock.instant().minus(this.clockSkew))) {
				invalidate(key);
				throw new ClerkTokenException(TokenRejectionReason.EXPIRED, "The token expired at " + expiresAt);
			}
			return outcome.token();
		}
		throw outcome.refusal();
	}

	/**
	 * Whether opaque tokens are verified: as the verifier it caches.
	 * @return the delegate's answer
	 */
	@Override
	public boolean verifiesOpaqueTokens() {
		return this.delegate.verifiesOpaqueTokens();
	}

	/**
	 * Forgets every JWT remembered as accepted, so that each is verified again at its
	 * next use, against the keys held then: for a key that verified them, retired since
	 * (see {@link JwksKeySource#addKeyRetiredListener}). A verification under way is
	 * forgotten too, whatever its token, and the requests that wait for it still have its
	 * result; opaque tokens, which Clerk verified, and refusals stay remembered.
	 */
	public void forgetJwts() {
		try {
			this.cache.asMap().values().removeIf(CachingClerkMachineTokenVerifier::mayBeAcceptedJwt);
		}
		catch (RuntimeException ex) {
			logger.warn("Machine token cache clear failed: " + ex);
		}
	}

	private static boolean mayBeAcceptedJwt(CompletableFuture<Outcome> outcome) {
		if (!outcome.isDone()) {
			return true;
		}
		ClerkMachineToken token = outcome.isCompletedExceptionally() ? null : outcome.join().token();
		return token != null && token.isJwt();
	}

	/**
	 * How many tokens are remembered now, after pending evictions have run.
	 * @return the number of entries
	 */
	public long size() {
		this.cache.synchronous().cleanUp();
		return this.cache.synchronous().estimatedSize();
	}

	private Outcome outcome(String key, String token) {
		CompletableFuture<Outcome> mine = new CompletableFuture<>();
		CompletableFuture<Outcome> running;
		try {
			running = this.cache.getIfPresent(key);
			if (running == null) {
				ConcurrentMap<String, CompletableFuture<Outcome>> map = this.cache.asMap();
				running = map.putIfAbsent(key, mine);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Machine token cache failed, treating it as a miss: " + ex);
			return verifyNow(token);
		}
		if (running == null) {
			Outcome outcome;
			try {
				outcome = verifyNow(token);
			}
			catch (RuntimeException ex) {
				mine.completeExceptionally(ex);
				throw ex;
			}
			if (!outcome.remembered()) {
				// Out of the cache before it completes: the requests that wait for it
				// share it, and the next one asks again.
				forget(key, mine);
			}
			mine.complete(outcome);
			running = mine;
		}
		try {
			return running.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE,
					"Interrupted while the token was verified", ex);
		}
		catch (ExecutionException | CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Verifies a token: a refusal is an outcome, to remember, but for a signature that
	 * failed; a failure to verify (Clerk or its keys unavailable) is an outcome
	 * remembered by no one. Neither is a failed load of the cache, which Caffeine would
	 * log with its stack trace, on every request of an outage.
	 */
	private Outcome verifyNow(String token) {
		try {
			return new Outcome(this.delegate.verify(token), null, true);
		}
		catch (ClerkTokenException ex) {
			// Nor is a JWT's refusal for its signature: the keys may have been rotated
			// (the refusal starts their fetch), and checking it again calls no one.
			boolean unavailable = ex.getReason() == TokenRejectionReason.VERIFICATION_UNAVAILABLE
					|| ex.getReason() == TokenRejectionReason.KEYS_UNAVAILABLE;
			return new Outcome(null, ex, !unavailable && ex.getReason() != TokenRejectionReason.INVALID_SIGNATURE);
		}
	}

	private void forget(String key, CompletableFuture<Outcome> outcome) {
		try {
			this.cache.asMap().remove(key, outcome);
		}
		catch (RuntimeException ex) {
			logger.warn("Machine token cache removal failed: " + ex);
		}
	}

	private void invalidate(String key) {
		try {
			this.cache.synchronous().invalidate(key);
		}
		catch (RuntimeException ex) {
			logger.warn("Machine token cache invalidation failed: " + ex);
		}
	}

	private static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	/**
	 * A token's outcome: accepted (the token) or refused (the refusal), and whether it is
	 * remembered (not when Clerk could not verify the token).
	 */
	private record Outcome(@Nullable ClerkMachineToken token, @Nullable ClerkTokenException refusal,
			boolean remembered) {

		@Override
		public ClerkTokenException refusal() {
			if (this.refusal == null) {
				throw new IllegalStateException("The token was accepted");
			}
			return this.refusal;
		}

	}

	private final class UntilDue implements Expiry<String, Outcome> {

		@Override
		public long expireAfterCreate(String key, Outcome outcome, long currentTime) {
			ClerkMachineToken token = outcome.token();
			if (!outcome.remembered()) {
				return 0;
			}
			if (token == null) {
				return CacheTimes.nanos(CachingClerkMachineTokenVerifier.this.refusalTtl);
			}
			Duration lifetime = CachingClerkMachineTokenVerifier.this.revocationInterval;
			Instant expiresAt = token.expiresAt().orElse(null);
			if (expiresAt != null) {
				Duration remaining = Duration.between(CachingClerkMachineTokenVerifier.this.clock.instant(),
						expiresAt.plus(CachingClerkMachineTokenVerifier.this.clockSkew));
				lifetime = (remaining.compareTo(lifetime) < 0) ? remaining : lifetime;
			}
			return CacheTimes.nanos(lifetime);
		}

		@Override
		public long expireAfterUpdate(String key, Outcome outcome, long currentTime, long currentDuration) {
			return expireAfterCreate(key, outcome, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Outcome outcome, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
