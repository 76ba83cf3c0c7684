package dev.clerkusers.token;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Remembers verified tokens, so that the many requests a browser sends with one token
 * (Clerk's session tokens live 60 seconds) cost a hash lookup instead of an RSA
 * verification.
 * <ul>
 * <li>The key is the SHA-256 of the whole token exactly as given (the verifier trims
 * nothing, so neither does the key); the token itself is never stored.</li>
 * <li>An entry expires when the token does; a hit is checked against the clock again, so
 * an expired token is never served from the cache.</li>
 * <li>Only accepted tokens are cached; a refused token is verified again each time, so it
 * is refused for the same reason each time.</li>
 * <li>The cache is bounded; a cache failure is a miss.</li>
 * <li>{@link #clear()} forgets them all: the auto-configuration calls it when a fetch of
 * Clerk's keys retires a key (a rotation), so that no token stays accepted on a key Clerk
 * no longer signs with.</li>
 * </ul>
 */
public final class CachingClerkTokenVerifier implements ClerkTokenVerifier {

	private static final Log logger = LogFactory.getLog(CachingClerkTokenVerifier.class);

	private final ClerkTokenVerifier delegate;

	private final Cache<String, ClerkSessionClaims> cache;

	private final Clock clock;

	/** How many times the cache was cleared. */
	private final AtomicLong generation = new AtomicLong();

	private final Duration clockSkew;

	/**
	 * Creates a caching verifier.
	 * @param delegate the verifier that checks tokens on a miss
	 * @param maximumSize how many tokens are remembered at most
	 * @param clockSkew the clock skew the delegate allows for {@code exp}
	 * @param clock the clock
	 */
	public CachingClerkTokenVerifier(ClerkTokenVerifier delegate, long maximumSize, Duration clockSkew, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(new UntilTokenExpiry())
			.recordStats()
			.build();
	}

	/**
	 * Whether this token is decided without blocking: it is remembered, or the delegate
	 * decides it without blocking.
	 * @param token the token
	 * @return {@code true} when verification needs no I/O
	 */
	@Override
	public boolean verifiesWithoutBlocking(String token) {
		ClerkSessionClaims cached = lookup(TokenDigest.of(token));
		return (cached != null && isCurrent(cached)) || this.delegate.verifiesWithoutBlocking(token);
	}

	@Override
	public ClerkSessionClaims verify(String token) {
		String key = TokenDigest.of(token);
		ClerkSessionClaims cached = lookup(key);
		if (cached != null) {
			if (isCurrent(cached)) {
				return cached;
			}
			invalidate(key);
		}
		long generation = this.generation.get();
		ClerkSessionClaims claims = this.delegate.verify(token);
		// Not remembered when the cache was cleared meanwhile: the key that verified the
		// token may be the one retired (review 345). Checked again after the write, for a
		// clear that comes between the check and the write.
		if (this.generation.get() == generation) {
			try {
				this.cache.put(key, claims);
			}
			catch (RuntimeException ex) {
				logger.warn("Token cache write failed: " + ex);
			}
			if (this.generation.get() != generation) {
				invalidate(key);
			}
		}
		return claims;
	}

	/**
	 * Forgets every token remembered, so that each is verified again at its next use: for
	 * a key that verified them, retired since (see
	 * {@link JwksKeySource#addKeyRetiredListener}). A token whose verification was under
	 * way when the cache was cleared is not remembered either.
	 */
	public void clear() {
		this.generation.incrementAndGet();
		try {
			this.cache.invalidateAll();
		}
		catch (RuntimeException ex) {
			logger.warn("Token cache clear failed: " + ex);
		}
	}

	/**
	 * How many verified tokens are remembered now, after pending evictions have run.
	 * @return the number of entries
	 */
	public long size() {
		this.cache.cleanUp();
		return this.cache.estimatedSize();
	}

	/**
	 * The underlying Caffeine cache, keyed by the tokens' hashes, for example to bind its
	 * statistics to metrics.
	 * @return the cache
	 */
	public Cache<String, ClerkSessionClaims> getNativeCache() {
		return this.cache;
	}

	private boolean isCurrent(ClerkSessionClaims claims) {
		return claims.expiresAt().isAfter(this.clock.instant().minus(this.clockSkew));
	}

	private @Nullable ClerkSessionClaims lookup(String key) {
		try {
			return this.cache.getIfPresent(key);
		}
		catch (RuntimeException ex) {
			logger.warn("Token cache read failed, treating it as a miss: " + ex);
			return null;
		}
	}

	private void invalidate(String key) {
		try {
			this.cache.invalidate(key);
		}
		catch (RuntimeException ex) {
			logger.warn("Token cache invalidation failed: " + ex);
		}
	}

	private final class UntilTokenExpiry implements Expiry<String, ClerkSessionClaims> {

		@Override
		public long expireAfterCreate(String key, ClerkSessionClaims claims, long currentTime) {
			Duration remaining = Duration.between(CachingClerkTokenVerifier.this.clock.instant(),
					claims.expiresAt().plus(CachingClerkTokenVerifier.this.clockSkew));
			return CacheTimes.nanos(remaining);
		}

		@Override
		public long expireAfterUpdate(String key, ClerkSessionClaims claims, long currentTime, long currentDuration) {
			return expireAfterCreate(key, claims, currentTime);
		}

		@Override
		public long expireAfterRead(String key, ClerkSessionClaims claims, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
