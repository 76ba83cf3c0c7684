package dev.clerkusers.token;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Verification keys fetched from a JWKS endpoint (Clerk's Backend or Frontend API), held
 * for {@code clerk.jwks.cache-ttl}.
 * <ul>
 * <li>Keys are refreshed ahead of their expiry, in the background: requests keep being
 * verified with the keys held meanwhile, and never wait for a refresh. When a refresh
 * fails, the keys held are kept and used, and the refresh is tried again after the
 * refetch interval.</li>
 * <li>A fetched set without a usable RSA signing key (empty, or only other kinds of keys)
 * never replaces a good one; nor does a response that is not a key set, or is larger than
 * {@link HttpJwksFetcher#MAX_BODY_SIZE}.</li>
 * <li>A token signed with a key id that the keys held do not have makes one synchronous
 * fetch, at most once per refetch interval (a key rotation); otherwise it is refused
 * ({@link TokenRejectionReason#KEY_NOT_FOUND}, answered 401), also while the latest fetch
 * failed: Clerk's key id is the instance's id, so a key id not held is the token of
 * another instance.</li>
 * <li>A token whose signature fails with the key held under its id starts a fetch in the
 * background, at most one per refetch interval (shared with unknown key ids): a key that
 * Clerk rotates keeps its id, the instance's. The token is refused; once the fetch has
 * run, the new key verifies tokens and the key it replaced no longer does.</li>
 * <li>Before the first successful fetch (a cold start while Clerk is unreachable), tokens
 * are refused with {@link TokenRejectionReason#KEYS_UNAVAILABLE}, which is answered 503,
 * and a failed fetch is tried again {@link #COLD_RETRY_INTERVAL} after it failed (or the
 * refetch interval, when shorter); meanwhile, and while that fetch runs, tokens are
 * answered at once, without waiting for it.</li>
 * </ul>
 */
public final class JwksKeySource implements ClerkKeySource {

	/**
	 * How long a failed fetch holds back the next one while no keys are held (a cold
	 * start while Clerk is unreachable), unless the refetch interval is shorter: the
	 * {@code Retry-After} of the 503 {@code keys-unavailable} that tokens are answered
	 * meanwhile, so that a client that waits as told finds the keys fetched once Clerk is
	 * back, at the latest one wait later. It counts from the failure.
	 */
	public static final Duration COLD_RETRY_INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(JwksKeySource.class);

	private static final Executor BACKGROUND = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "clerk-jwks-refresh");
		thread.setDaemon(true);
		return thread;
	});

	private final JwksFetcher fetcher;

	private final Duration timeToLive;

	private final Duration refetchInterval;

	private final Clock clock;

	private final Executor executor;

	private final ReentrantLock fetchLock = new ReentrantLock();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile @Nullable Keys keys;

	private volatile Instant retryAfter = Instant.MIN;

	/** How many fetches ended; changed only under the fetch lock. */
	private volatile long fetches;

	private volatile Instant nextUnknownKidFetch = Instant.MIN;

	private volatile @Nullable Failure lastFailure;

	private final List<Runnable> keyRetiredActions = new CopyOnWriteArrayList<>();

	/**
	 * Creates a key source that refreshes in a background thread of its own.
	 * @param fetcher fetches the key set
	 * @param timeToLive how long fetched keys are used before they are refreshed
	 * @param refetchInterval the shortest time between two fetches caused by tokens with
	 * an unknown key id or a signature that failed with the key held, and between a
	 * failed refresh of the keys held and the next
	 * @param clock the clock
	 */
	public JwksKeySource(JwksFetcher fetcher, Duration timeToLive, Duration refetchInterval, Clock clock) {
		this(fetcher, timeToLive, refetchInterval, clock, BACKGROUND);
	}

	/**
	 * Creates a key source.
	 * @param fetcher fetches the key set
	 * @param timeToLive how long fetched keys are used before they are refreshed
	 * @param refetchInterval the shortest time between two fetches caused by tokens with
	 * an unknown key id or a signature that failed with the key held, and between a
	 * failed refresh of the keys held and the next
	 * @param clock the clock
	 * @param executor runs background refreshes
	 */
	public JwksKeySource(JwksFetcher fetcher, Duration timeToLive, Duration refetchInterval, Clock clock,
			Executor executor) {
		this.fetcher = fetcher;
		this.timeToLive = timeToLive;
		this.refetchInterval = refetchInterval;
		this.clock = clock;
		this.executor = executor;
	}

	@Override
	public RSAPublicKey keyFor(JWSHeader header) {
		String kid = header.getKeyID();
		if (kid == null) {
			// As @clerk/backend: a key is found by the token's key id only, whatever the
			// key set holds; no fetch can find a key for a token without one.
			throw new ClerkTokenException(TokenRejectionReason.KEY_NOT_FOUND, "The token has no key id");
		}
		Keys current = this.keys;
		boolean fetchedNow = false;
		if (current == null) {
			current = fetch(null, false);
			fetchedNow = true;
		}
		else if (current.isDue(this.clock.instant())) {
			refreshInBackground(current, false);
		}
		RSAPublicKey key = (current != null) ? current.find(kid) : null;
		if (key == null && current != null && !fetchedNow) {
			current = fetch(current, true);
			key = (current != null) ? current.find(kid) : null;
		}
		if (key != null) {
			return key;
		}
		if (current == null) {
			throw new ClerkTokenException(TokenRejectionReason.KEYS_UNAVAILABLE,
					"The verification keys could not be loaded");
		}
		// Also while the latest fetch failed: Clerk's key id is its instance's id, so a
		// key id not held is another instance's token, not a rotation.
		throw new ClerkTokenException(TokenRejectionReason.KEY_NOT_FOUND,
				"No verification key has the key id " + ((kid != null) ? "'" + LogSafe.value(kid) + "'" : "(none)")
						+ ": the token is probably another Clerk instance's (a development instance's, say); the"
						+ " frontend's publishable key and clerk.secret-key must be of one instance");
	}

	/**
	 * Starts a fetch of the key set in the background, unless one ran within the refetch
	 * interval, or the key held under the header's key id is no longer the one refused (a
	 * fetch replaced it since).
	 * @param header the header of the token refused
	 * @param key the key it was refused with
	 */
	@Override
	public void onSignatureFailure(JWSHeader header, RSAPublicKey key) {
		Keys current = this.keys;
		String kid = header.getKeyID();
		if (current != null && kid != null && key.equals(current.find(kid))
				&& !this.clock.instant().isBefore(this.nextUnknownKidFetch)) {
			refreshInBackground(current, true);
		}
	}

	/**
	 * Adds a listener told when a key held is retired: a fetch finds another key under
	 * its id, or none, or {@link #clear()} forgets the keys. Whatever was verified with
	 * the retired key is no longer to be trusted (a verifier's cache of accepted tokens,
	 * say). Listeners run on the thread that fetched or cleared, after the new keys are
	 * in use, and while the fetch lock is held, so they must be quick and must not block;
	 * one that fails is logged.
	 * <p>
	 * Internal to clerk-users, for its verified-token cache: not public API (see
	 * {@code docs/versioning.md}).
	 * @param listener the listener
	 */
	public void addKeyRetiredListener(Runnable listener) {
		this.keyRetiredActions.add(listener);
	}

	/**
	 * What this key source holds now, for health checks: it makes no fetch.
	 * @return the state
	 */
	public State state() {
		Keys current = this.keys;
		Failure failure = this.lastFailure;
		return new State((current != null) ? current.byKid().size() : 0, (current != null) ? current.fetchedAt() : null,
				(failure != null) ? failure.at() : null, (failure != null) ? failure.message() : null);
	}

	/**
	 * Whether a key for this header is held: then {@link #keyFor(JWSHeader)} answers from
	 * memory (a refresh that is due runs in the background). Without keys, or for an
	 * unknown key id, it would fetch; a token without key id is refused at once.
	 * @param header the token's header
	 * @return {@code true} when the key is held, or the token has no key id
	 */
	@Override
	public boolean holdsKeyFor(JWSHeader header) {
		Keys current = this.keys;
		// A token without key id is refused without a fetch.
		return header.getKeyID() == null || (current != null && current.find(header.getKeyID()) != null);
	}

	/**
	 * Forgets the keys held, and the last failure, so that the next token fetches them
	 * again as at a first start. The keys forgotten are retired: the listeners are told.
	 */
	public void clear() {
		this.fetchLock.lock();
		try {
			boolean held = this.keys != null;
			this.keys = null;
			this.lastFailure = null;
			this.retryAfter = Instant.MIN;
			this.nextUnknownKidFetch = Instant.MIN;
			if (held) {
				keyRetired();
			}
		}
		finally {
			this.fetchLock.unlock();
		}
	}

	private void refreshInBackground(Keys seen, boolean keyInDoubt) {
		if (this.clock.instant().isBefore(this.retryAfter) || !this.refreshing.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					fetch(seen, keyInDoubt);
				}
				finally {
					this.refreshing.set(false);
				}
			});
		}
		catch (RuntimeException ex) {
			this.refreshing.set(false);
			logger.warn("Could not start a refresh of the Clerk verification keys: " + ex);
		}
	}

	/**
	 * Fetches the key set, unless a fetch ended since {@code seen} was read.
	 * @param seen the keys the caller found
	 * @param keyInDoubt whether a token's key id was not held, or its signature failed
	 * with the key held: such fetches run at most once per refetch interval
	 */
	private @Nullable Keys fetch(@Nullable Keys seen, boolean keyInDoubt) {
		long fetchesSeen = this.fetches;
		if (seen == null && this.lastFailure != null) {
			// Without keys after a failed fetch: answered 503 at once rather than after
			// a running fetch that may well time out too.
			if (!this.fetchLock.tryLock()) {
				return this.keys;
			}
		}
		else {
			this.fetchLock.lock();
		}
		try {
			Keys current = this.keys;
			Instant now = this.clock.instant();
			// A caller that waited for a fetch takes its outcome, success or failure.
			if (this.fetches != fetchesSeen || current != seen || now.isBefore(this.retryAfter)
					|| (keyInDoubt && now.isBefore(this.nextUnknownKidFetch))) {
				return current;
			}
			if (keyInDoubt) {
				this.nextUnknownKidFetch = now.plus(this.refetchInterval);
			}
			try {
				Keys fetched = Keys.of(this.fetcher.fetch(), now, this.timeToLive);
				if (fetched.byKid().isEmpty()) {
					throw new JwksFetcher.JwksFetchException("The key set has no RSA signing key",
							new IllegalStateException());
				}
				this.keys = fetched;
				this.lastFailure = null;
				if (current != null && current.retiredBy(fetched)) {
					keyRetired();
				}
				return fetched;
			}
			catch (RuntimeException ex) {
				// Counted from the failure, which a timeout makes late. Without keys,
				// tokens get 503: retry when that answer tells clients to come back.
				Instant failedAt = this.clock.instant();
				boolean cold = current == null && this.refetchInterval.compareTo(COLD_RETRY_INTERVAL) > 0;
				this.retryAfter = failedAt.plus(cold ? COLD_RETRY_INTERVAL : this.refetchInterval);
				this.lastFailure = new Failure(failedAt, String.valueOf(ex.getMessage()));
				if (current != null) {
					logger.warn("Could not refresh the Clerk verification keys; using the keys fetched before: "
							+ ex.getMessage());
				}
				else {
					logger.error("Could not fetch the Clerk verification keys; tokens are answered 503 until a"
							+ " fetch succeeds: " + ex.getMessage());
				}
				return current;
			}
			finally {
				this.fetches++;
			}
		}
		finally {
			this.fetchLock.unlock();
		}
	}

	private void keyRetired() {
		for (Runnable action : this.keyRetiredActions) {
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				logger.warn("An action on a retired Clerk verification key failed: " + ex);
			}
		}
	}

	/**
	 * What a {@link JwksKeySource} holds, for health checks.
	 *
	 * @param keyCount how many usable signing keys are held; {@code 0} before the first
	 * successful fetch
	 * @param fetchedAt when the keys held were fetched, or {@code null} when none are
	 * held
	 * @param lastFailureAt when the latest fetch failed, or {@code null} when the latest
	 * fetch succeeded (or none was made)
	 * @param lastFailure why the latest fetch failed, or {@code null}
	 */
	public record State(int keyCount, @Nullable Instant fetchedAt, @Nullable Instant lastFailureAt,
			@Nullable String lastFailure) {

		/**
		 * Whether keys are held, so that tokens can be verified.
		 * @return whether keys are held
		 */
		public boolean held() {
			return this.keyCount > 0;
		}

	}

	private record Failure(Instant at, String message) {
	}

	private record Keys(Map<String, RSAPublicKey> byKid, Instant fetchedAt, Instant refreshAt) {

		static Keys of(JWKSet set, Instant fetchedAt, Duration timeToLive) {
			Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
			for (JWK jwk : set.getKeys()) {
				if (jwk instanceof RSAKey rsa
						&& (rsa.getKeyUse() == null || KeyUse.SIGNATURE.equals(rsa.getKeyUse()))) {
					try {
						keys.put((rsa.getKeyID() != null) ? rsa.getKeyID() : "", rsa.toRSAPublicKey());
					}
					catch (JOSEException ex) {
						logger.warn("Ignoring an unusable RSA key " + LogSafe.value(rsa.getKeyID()) + ": "
								+ ex.getMessage());
					}
				}
			}
			// Refreshed ahead of the end of its time to live: at four fifths of it.
			return new Keys(Map.copyOf(keys), fetchedAt, fetchedAt.plus(timeToLive.multipliedBy(4).dividedBy(5)));
		}

		boolean isDue(Instant now) {
			return !now.isBefore(this.refreshAt);
		}

		@Nullable RSAPublicKey find(String kid) {
			return this.byKid.get(kid);
		}

		/**
		 * Whether a key of these is not in the keys fetched after them under its id.
		 */
		boolean retiredBy(Keys fetched) {
			return this.byKid.entrySet()
				.stream()
				.anyMatch((held) -> !held.getValue().equals(fetched.find(held.getKey())));
		}

	}

}
