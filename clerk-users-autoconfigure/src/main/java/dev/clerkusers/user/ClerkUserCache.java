package dev.clerkusers.user;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An in-memory cache of users by Clerk id, so that an authenticated request does not
 * query the database.
 * <p>
 * Caches fail open: an error while reading is a miss and an error while writing is
 * logged, never an outage. {@link ClerkUserService} invalidates an entry whenever it
 * changes that user, and again after the transaction commits. Entries expire after a time
 * to live, which bounds how long another application instance sharing the database may
 * serve a user changed elsewhere.
 */
public class ClerkUserCache {

	private static final Log logger = LogFactory.getLog(ClerkUserCache.class);

	private final Cache<String, ClerkUser> cache;

	/**
	 * Creates a cache.
	 * @param timeToLive how long an entry is kept after it was written
	 * @param maximumSize how many users are kept at most; {@code 0} turns the cache off
	 */
	public ClerkUserCache(Duration timeToLive, long maximumSize) {
		this(Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).build());
	}

	/**
	 * Creates a cache over a Caffeine cache built elsewhere, for example one with
	 * statistics turned on.
	 * @param cache the cache to use
	 */
	public ClerkUserCache(Cache<String, ClerkUser> cache) {
		this.cache = cache;
	}

	/**
	 * Returns the cached user with this Clerk id.
	 * @param clerkId the Clerk user id
	 * @return the user, or empty on a miss or a cache failure
	 */
	public Optional<ClerkUser> get(String clerkId) {
		try {
			return Optional.ofNullable(this.cache.getIfPresent(clerkId));
		}
		catch (RuntimeException ex) {
			logger.warn("User cache read failed, treating it as a miss: " + ex);
			return Optional.empty();
		}
	}

	/**
	 * Caches a user under its Clerk id. Users without Clerk id are not cached.
	 * @param user the user
	 */
	public void put(ClerkUser user) {
		String clerkId = user.getClerkId();
		if (clerkId == null) {
			return;
		}
		try {
			this.cache.put(clerkId, user);
		}
		catch (RuntimeException ex) {
			logger.warn("User cache write failed: " + ex);
		}
	}

	/**
	 * Removes the user with this Clerk id from the cache.
	 * @param clerkId the Clerk user id
	 */
	public void invalidate(String clerkId) {
		try {
			this.cache.invalidate(clerkId);
		}
		catch (RuntimeException ex) {
			logger.warn("User cache invalidation failed for " + clerkId + ": " + ex);
		}
	}

	/**
	 * Empties the cache.
	 */
	public void invalidateAll() {
		try {
			this.cache.invalidateAll();
		}
		catch (RuntimeException ex) {
			logger.warn("User cache invalidation failed: " + ex);
		}
	}

}
