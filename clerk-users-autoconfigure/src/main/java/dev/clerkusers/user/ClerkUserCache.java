package dev.clerkusers.user;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import dev.clerkusers.mirror.MirrorCache;

/**
 * An in-memory cache of users by Clerk id, so that an authenticated request does not
 * query the database. Every change of {@link ClerkUserSynchronizer} and
 * {@link ClerkUserAccounts} to a stored user evicts its entry, at once and after commit
 * (a row new under its Clerk id has none to evict anywhere). Entries expire after a time
 * to live, which bounds how long another application instance sharing the database may
 * serve a user changed elsewhere. Caches fail open.
 */
public class ClerkUserCache extends MirrorCache<ClerkUser> {

	/** The cache's name. */
	public static final String NAME = "users";

	/**
	 * Creates a cache.
	 * @param timeToLive how long an entry is kept after it was written
	 * @param maximumSize how many users are kept at most; {@code 0} turns the cache off
	 */
	public ClerkUserCache(Duration timeToLive, long maximumSize) {
		super(NAME, timeToLive, maximumSize);
	}

	/**
	 * Creates a cache over a Caffeine cache built elsewhere.
	 * @param cache the cache to use
	 */
	public ClerkUserCache(Cache<String, ClerkUser> cache) {
		super(NAME, cache);
	}

}
