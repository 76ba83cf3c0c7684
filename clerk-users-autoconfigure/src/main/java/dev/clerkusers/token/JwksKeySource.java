package dev.clerkusers.token;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Keys of one Clerk instance, fetched from a key set URL and cached.
 * <ul>
 * <li>Fetched keys are used for a time to live (default 5 minutes), then fetched
 * again.</li>
 * <li>A token signed with an unknown {@code kid} causes a fetch (Clerk may have rotated
 * its keys), but at most one such fetch per interval (default 30 seconds): a flood of
 * tokens with made-up key ids costs one fetch, not one each.</li>
 * <li>One fetch at a time: concurrent callers wait for the fetch in progress and use its
 * result.</li>
 * <li>When a fetch fails, the keys fetched before are kept and used, and no fetch is
 * tried again for the interval; only when no keys were ever fetched are tokens refused
 * ({@link TokenRejectionReason#KEYS_UNAVAILABLE}).</li>
 * <li>The cache belongs to this object: one per Clerk instance, never shared between
 * instances, so a key of one instance never verifies a token of another.</li>
 * </ul>
 * Nimbus's {@code JWKSourceBuilder} offers similar caching, but reads the system clock
 * (so its behaviour over time cannot be tested without waiting), its rate limiter allows
 * two fetches per interval and also holds back the refresh of expired keys; this class
 * keeps exactly the rules above, on an injectable clock.
 */
public final class JwksKeySource implements ClerkKeySource {

	private static final Log logger = LogFactory.getLog(JwksKeySource.class);

	private final JwksFetcher fetcher;

	private final Duration timeToLive;

	private final Duration refetchInterval;

	private final Clock clock;

	private final ReentrantLock fetchLock = new ReentrantLock();

	private volatile @Nullable Keys keys;

	private volatile Instant retryAfter = Instant.MIN;

	private volatile Instant nextUnknownKidFetch = Instant.MIN;

	/**
	 * Creates a key source.
	 * @param fetcher fetches the key set
	 * @param timeToLive how long fetched keys are used before they are fetched again
	 * @param refetchInterval shortest time between fetches caused by unknown key ids or
	 * following a failure
	 * @param clock the clock
	 */
	public JwksKeySource(JwksFetcher fetcher, Duration timeToLive, Duration refetchInterval, Clock clock) {
		this.fetcher = fetcher;
		this.timeToLive = timeToLive;
		this.refetchInterval = refetchInterval;
		this.clock = clock;
	}

	@Override
	public RSAPublicKey keyFor(JWSHeader header) {
		String kid = header.getKeyID();
		Keys current = this.keys;
		Instant now = this.clock.instant();
		boolean fetchedNow = false;
		if (current == null || current.isExpired(now)) {
			Keys before = current;
			current = fetch(current, false);
			fetchedNow = current != before;
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
		throw new ClerkTokenException(TokenRejectionReason.KEY_NOT_FOUND,
				"No verification key has the key id " + ((kid != null) ? "'" + kid + "'" : "(none)"));
	}

	/**
	 * Drops the cached keys, so that the next token fetches them again.
	 */
	public void clear() {
		this.fetchLock.lock();
		try {
			this.keys = null;
			this.retryAfter = Instant.MIN;
			this.nextUnknownKidFetch = Instant.MIN;
		}
		finally {
			this.fetchLock.unlock();
		}
	}

	/**
	 * Fetches the keys, one caller at a time. After a failed fetch, no fetch happens for
	 * the refetch interval; a fetch caused by an unknown key id happens at most once per
	 * refetch interval. A caller that waited while another fetched uses that result.
	 */
	private @Nullable Keys fetch(@Nullable Keys seen, boolean unknownKid) {
		this.fetchLock.lock();
		try {
			Keys current = this.keys;
			Instant now = this.clock.instant();
			if (current != seen || now.isBefore(this.retryAfter)
					|| (unknownKid && now.isBefore(this.nextUnknownKidFetch))) {
				return current;
			}
			try {
				Keys fetched = Keys.of(this.fetcher.fetch(), now.plus(this.timeToLive));
				this.keys = fetched;
				if (unknownKid) {
					this.nextUnknownKidFetch = now.plus(this.refetchInterval);
				}
				return fetched;
			}
			catch (RuntimeException ex) {
				this.retryAfter = now.plus(this.refetchInterval);
				logger.warn("Could not fetch the Clerk verification keys" + ((current != null)
						? "; using the keys fetched before: " : "; tokens are refused until a fetch succeeds: ")
						+ ex.getMessage());
				return current;
			}
		}
		finally {
			this.fetchLock.unlock();
		}
	}

	private record Keys(Map<String, RSAPublicKey> byKid, Instant expiresAt) {

		static Keys of(JWKSet set, Instant expiresAt) {
			Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
			for (JWK jwk : set.getKeys()) {
				if (jwk instanceof RSAKey rsa
						&& (rsa.getKeyUse() == null || KeyUse.SIGNATURE.equals(rsa.getKeyUse()))) {
					try {
						keys.put((rsa.getKeyID() != null) ? rsa.getKeyID() : "", rsa.toRSAPublicKey());
					}
					catch (JOSEException ex) {
						logger.warn("Ignoring an unusable RSA key " + rsa.getKeyID() + ": " + ex.getMessage());
					}
				}
			}
			return new Keys(Map.copyOf(keys), expiresAt);
		}

		boolean isExpired(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

		@Nullable RSAPublicKey find(@Nullable String kid) {
			if (kid != null) {
				return this.byKid.get(kid);
			}
			return (this.byKid.size() == 1) ? this.byKid.values().iterator().next() : null;
		}

	}

}
