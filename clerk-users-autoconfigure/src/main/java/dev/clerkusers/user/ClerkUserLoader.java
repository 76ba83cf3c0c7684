package dev.clerkusers.user;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.mirror.Outages;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds the local user of a verified session token: in the user cache, else in the
 * database, else (a first sign-in) in Clerk's Backend API, upserting what it returns.
 * <p>
 * When the Backend API cannot be reached (or is not configured), a minimal row is created
 * from the token's user id, {@linkplain ClerkUser#isSyncPending() marked} to be completed
 * by the next webhook or sync, or by the user's next request once Clerk answers (asked at
 * most once a minute per user), instead of refusing a user whose token is valid. A user
 * Clerk says does not exist (404) is not created, and a pending one is refused until
 * Clerk, asked again a minute later, has it.
 */
public class ClerkUserLoader {

	private static final Log logger = LogFactory.getLog(ClerkUserLoader.class);

	private final ClerkUserService users;

	private final ClerkUserSynchronizer synchronizer;

	private final @Nullable ClerkApiClient api;

	private final boolean createOnFirstRequest;

	/**
	 * The first sights in progress: parallel requests of a new user make one call to
	 * Clerk.
	 */
	private final ConcurrentMap<String, CompletableFuture<Optional<ClerkUser>>> firstSights = new ConcurrentHashMap<>();

	/**
	 * The users Clerk was asked for within the last minute, and what it answered: a user
	 * stored before its data is asked for at most once a minute.
	 */
	private final Cache<String, Attempt> recentCompletionAttempts = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	/**
	 * Creates a loader.
	 * @param users the user service
	 * @param synchronizer stores what Clerk returns
	 * @param api the Backend API client, or {@code null} when no secret key is configured
	 * @param createOnFirstRequest whether to create users who are not stored yet
	 */
	public ClerkUserLoader(ClerkUserService users, ClerkUserSynchronizer synchronizer, @Nullable ClerkApiClient api,
			boolean createOnFirstRequest) {
		this.users = users;
		this.synchronizer = synchronizer;
		this.api = api;
		this.createOnFirstRequest = createOnFirstRequest;
	}

	/**
	 * Loads the user with this Clerk id, creating it on first sight.
	 * @param clerkId the Clerk user id of a verified token
	 * @return the user (possibly inactive: the caller decides), or empty when the user is
	 * not stored and is not to be created, or Clerk says it does not exist
	 */
	public Optional<ClerkUser> load(String clerkId) {
		Optional<ClerkUser> known = this.users.findCachedByClerkId(clerkId);
		if (known.isPresent()) {
			if (known.get().isSyncPending()) {
				return complete(known.get());
			}
			return known;
		}
		if (!this.createOnFirstRequest) {
			return Optional.empty();
		}
		String problem = UserConstraints.clerkIdProblem(clerkId);
		if (problem != null) {
			// Signed by Clerk, and still no id a row can hold: no user, as for one that
			// Clerk says does not exist, never an outage on every request.
			logger.warn("A valid token names a Clerk user the users table cannot hold (" + problem + ")");
			return Optional.empty();
		}
		ClerkApiClient api = this.api;
		if (api == null) {
			return this.users.findCachedOrStore(clerkId, this.synchronizer::createPending);
		}
		CompletableFuture<Optional<ClerkUser>> mine = new CompletableFuture<>();
		CompletableFuture<Optional<ClerkUser>> first = this.firstSights.putIfAbsent(clerkId, mine);
		if (first != null) {
			// Another request of the same new user is fetching it: one call to Clerk.
			return join(first);
		}
		try {
			// A request that fetched the user may have finished since this one looked. A
			// user stored now is cached for its next request.
			Optional<ClerkUser> user = this.users.findCachedOrStore(clerkId,
					(key) -> firstSight(key, api).orElse(null));
			mine.complete(user);
			return user;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.firstSights.remove(clerkId, mine);
		}
	}

	private Optional<ClerkUser> firstSight(String clerkId, ClerkApiClient api) {
		// This call is the minute's attempt: a user it leaves pending is not asked for
		// again before the minute is over.
		this.recentCompletionAttempts.put(clerkId, Attempt.MADE);
		try {
			UserResource data = api.getUser(clerkId);
			if (!clerkId.equals(data.id())) {
				logger.warn("Clerk answered the request for user " + clerkId + " with "
						+ ((data.id() != null) ? "another user" : "no user") + "; creating it from its token,"
						+ " to be completed later");
				return Optional.of(this.synchronizer.createPending(clerkId));
			}
			return upsertOrPending(clerkId, data);
		}
		catch (MalformedClerkDataException ex) {
			return pendingForDataOfClerk(clerkId, ex);
		}
		catch (ClerkApiException ex) {
			if (ex.isNotFound()) {
				// A refusal (user-unknown), a client's matter as every refusal is: a
				// deleted
				// user's tab polls with its last token.
				if (logger.isDebugEnabled()) {
					logger.debug("A valid token names Clerk user " + clerkId + ", which Clerk says does not exist");
				}
				return Optional.empty();
			}
			if (ex.getStatus() == 401 || ex.getStatus() == 403) {
				logger.error("Clerk refused clerk.secret-key (" + ex.getStatus() + "); users are created from their"
						+ " tokens only, to be completed when the key is right");
			}
			else if (Outages.isInterruption(ex)) {
				// Clerk is not at fault: the request was stopped, as when the
				// application stops.
				logger.info("Fetching Clerk user " + clerkId + " on first sign-in was interrupted; creating it from"
						+ " its token, to be completed later");
			}
			else {
				logger.warn("Could not fetch Clerk user " + clerkId + " on first sign-in (" + ex.getMessage()
						+ "); creating it from its token, to be completed later");
			}
			return Optional.of(this.synchronizer.createPending(clerkId));
		}
	}

	/**
	 * Stores what Clerk returned on a first sign-in; data that cannot be stored (the
	 * data's fault, not the database's: a time PostgreSQL cannot hold, say) is no reason
	 * to refuse the sign-in, nor to answer it as an outage: the user is created from its
	 * token, to be completed by its next change in Clerk.
	 */
	private Optional<ClerkUser> upsertOrPending(String clerkId, UserResource data) {
		try {
			return upsert(data);
		}
		catch (MalformedClerkDataException | InvalidUserException ex) {
			return pendingForDataOfClerk(clerkId, ex);
		}
	}

	/**
	 * The user created from its token when Clerk's answer cannot be read or stored, the
	 * data's fault and no reason to refuse the sign-in; in a caller's transaction, the
	 * failure is the caller's to see.
	 */
	private Optional<ClerkUser> pendingForDataOfClerk(String clerkId, RuntimeException ex) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			throw ex;
		}
		logger.warn("Clerk's data of user " + clerkId + " cannot be stored (" + ex.getMessage()
				+ "); creating it from its token, to be completed later");
		return Optional.of(this.synchronizer.createPending(clerkId));
	}

	/**
	 * Stores what Clerk returned. A unique violation outside a caller's transaction is a
	 * race lost to another writer of the same address or username (a local account
	 * committed while this insert waited for it): stored again, it is seen now, and the
	 * linking rules decide as for a request a moment later.
	 */
	private Optional<ClerkUser> upsert(UserResource data) {
		try {
			return this.synchronizer.upsertFromClerk(data).valueIfPresent();
		}
		catch (DuplicateUserException ex) {
			if (TransactionSynchronizationManager.isActualTransactionActive() || ex.getField().equals("id")) {
				// In a caller's transaction, the caller's to see; on the id, no race.
				throw ex;
			}
			logger.debug("Storing Clerk user " + data.id() + " raced another writer of its " + ex.getField()
					+ "; storing it again");
			return this.synchronizer.upsertFromClerk(data).valueIfPresent();
		}
	}

	private static Optional<ClerkUser> join(CompletableFuture<Optional<ClerkUser>> first) {
		try {
			return first.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/**
	 * Completes a user stored before Clerk's data, when Clerk answers: served as it is
	 * otherwise, unless Clerk says the user does not exist (404), which refuses it as at
	 * a first sign-in (the row is left for Clerk's {@code user.deleted} or a reconcile).
	 */
	private Optional<ClerkUser> complete(ClerkUser pending) {
		String clerkId = pending.getClerkId();
		if (this.api == null || clerkId == null) {
			return Optional.of(pending);
		}
		Attempt earlier = this.recentCompletionAttempts.asMap().putIfAbsent(clerkId, Attempt.MADE);
		if (earlier != null) {
			return (earlier == Attempt.USER_UNKNOWN) ? Optional.empty() : Optional.of(pending);
		}
		try {
			UserResource data = this.api.getUser(clerkId);
			if (!clerkId.equals(data.id())) {
				logger.debug("Could not complete Clerk user " + clerkId + " yet: Clerk answered with another user");
				return Optional.of(pending);
			}
			return Optional.of(upsert(data).orElse(pending));
		}
		catch (ClerkApiException ex) {
			if (ex.isNotFound()) {
				this.recentCompletionAttempts.put(clerkId, Attempt.USER_UNKNOWN);
				logger.info("Clerk says user " + clerkId + ", stored before its data, does not exist; its requests"
						+ " are refused (user-unknown), and Clerk is asked again in a minute");
				return Optional.empty();
			}
			logger.debug("Could not complete Clerk user " + clerkId + " yet: " + ex.getMessage());
			return Optional.of(pending);
		}
		catch (RuntimeException ex) {
			// Clerk or the database cannot serve it now, or Clerk's data cannot be stored
			// (as at the user's first sign-in): the user is served as it is; not in a
			// caller's transaction, which a database failure has spoilt.
			boolean outsideTransaction = !TransactionSynchronizationManager.isActualTransactionActive();
			boolean databaseCannot = (Outages.isOutage(ex) || Outages.isLockNotAvailable(ex)) && outsideTransaction;
			boolean badData = (ex instanceof MalformedClerkDataException || ex instanceof InvalidUserException)
					&& outsideTransaction;
			if (!databaseCannot && !badData) {
				throw ex;
			}
			logger.debug("Could not complete Clerk user " + clerkId + " yet: " + ex.getMessage());
			return Optional.of(pending);
		}
	}

	/**
	 * What the minute's attempt to fetch a user from Clerk found.
	 */
	private enum Attempt {

		/** Clerk was asked; the user is served as stored until the minute is over. */
		MADE,

		/** Clerk said the user does not exist: refused until the minute is over. */
		USER_UNKNOWN

	}

}
