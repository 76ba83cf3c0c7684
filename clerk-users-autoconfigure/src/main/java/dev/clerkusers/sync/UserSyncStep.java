package dev.clerkusers.sync;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.UserListQuery;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Syncs users from Clerk: pages of up to 500 from {@code GET /users} (oldest first, so
 * users created meanwhile append), each page upserted from the listed data itself — no
 * per-user call — in one transaction, with the same rules and ordering guard as webhooks.
 * A page that cannot be stored as a whole is stored user by user, so that one bad user
 * fails alone. With reconciliation, local users whose Clerk id Clerk no longer lists are
 * deactivated (only users stored before the sync started: one created meanwhile is not
 * missing, just new). A dry run does everything in transactions that are rolled back.
 */
public class UserSyncStep implements ClerkSyncStep {

	private static final Log logger = LogFactory.getLog(UserSyncStep.class);

	private final ClerkApiClient api;

	private final ClerkUserSynchronizer users;

	private final ClerkUserRepository repository;

	private final TransactionTemplate transaction;

	private final TransactionTemplate separateTransaction;

	private final Clock clock;

	/**
	 * Creates the step.
	 * @param api the Backend API client
	 * @param users applies Clerk's data to the users
	 * @param repository the user repository
	 * @param transactionManager the transaction manager
	 * @param clock the clock
	 */
	public UserSyncStep(ClerkApiClient api, ClerkUserSynchronizer users, ClerkUserRepository repository,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.api = api;
		this.users = users;
		this.repository = repository;
		this.transaction = new TransactionTemplate(transactionManager);
		this.separateTransaction = new TransactionTemplate(transactionManager);
		this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	@Override
	public String name() {
		return "users";
	}

	@Override
	public List<SyncSummary> run(SyncOptions options, SyncProgress progress) {
		SyncCounter counter = new SyncCounter(name(), options.dryRun(), this.clock);
		Set<String> listed = new HashSet<>();
		PagedListing.forEachPage(options, counter, progress,
				(offset, size) -> this.api.listUsers(UserListQuery.page(size, offset)), (page) -> {
					store(page, options.dryRun(), counter);
					page.forEach((user) -> listed.add(user.id()));
				});
		if (options.reconcile()) {
			counter.deactivated(reconcile(listed, counter, options.dryRun()));
		}
		SyncSummary summary = counter.summary();
		logger.info(summary.describe());
		return List.of(summary);
	}

	private void store(List<UserResource> page, boolean dryRun, SyncCounter counter) {
		page.forEach((user) -> counter.processed());
		try {
			List<SyncResult<ClerkUser>> results = this.transaction.execute((status) -> {
				if (dryRun) {
					status.setRollbackOnly();
				}
				return this.users.upsertAllFromClerk(page);
			});
			Objects.requireNonNull(results).forEach((result) -> count(result, counter));
		}
		catch (RuntimeException ex) {
			logger.warn("A page of users could not be stored as a whole (" + ex.getMessage()
					+ "); storing them one by one");
			for (UserResource user : page) {
				try {
					SyncResult<ClerkUser> result = this.separateTransaction.execute((status) -> {
						if (dryRun) {
							status.setRollbackOnly();
						}
						return this.users.upsertFromClerk(user);
					});
					count(Objects.requireNonNull(result), counter);
				}
				catch (RuntimeException failure) {
					counter.failed(user.id() + ": " + failure.getMessage());
				}
			}
		}
	}

	private static void count(SyncResult<ClerkUser> result, SyncCounter counter) {
		switch (result.outcome()) {
			case CREATED, LINKED, REACTIVATED -> counter.created();
			case UPDATED -> counter.updated();
			case DELETED -> counter.deactivated(1);
			case STALE, IGNORED_DELETED -> counter.unchanged();
		}
	}

	private long reconcile(Set<String> listed, SyncCounter counter, boolean dryRun) {
		List<String> missing = this.repository.findLinkedAndNotDeletedBefore(counter.start())
			.stream()
			.map(ClerkUser::getClerkId)
			.filter(Objects::nonNull)
			.filter((clerkId) -> !listed.contains(clerkId))
			.toList();
		if (!dryRun) {
			for (String clerkId : missing) {
				this.users.deactivate(clerkId, counter.start());
			}
		}
		if (!missing.isEmpty()) {
			logger.info((dryRun ? "Would deactivate " : "Deactivated ") + missing.size()
					+ " local user(s) that Clerk no longer has");
		}
		return missing.size();
	}

}
