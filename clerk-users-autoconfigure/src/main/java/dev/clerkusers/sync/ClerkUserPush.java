package dev.clerkusers.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.CreateUserRequest;
import dev.clerkusers.api.UserListQuery;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Pushes local users (active, with an email, without a Clerk id) to Clerk, the
 * counterpart of django-clerk-users' {@code migrate_users_to_clerk}: a user whose email
 * exists in Clerk already is linked to it; any other is created in Clerk, with its
 * password hash imported when Clerk can import it (bcrypt, as Spring's
 * {@code BCryptPasswordEncoder} and the default {@code DelegatingPasswordEncoder} write
 * it), so the user keeps their password; otherwise without password, and the summary says
 * so. The Clerk id is then stored locally.
 */
public class ClerkUserPush {

	private final SyncObservations observations = new SyncObservations();

	private static final Log logger = LogFactory.getLog(ClerkUserPush.class);

	private final ClerkApiClient api;

	private final ClerkUserService users;

	private final ClerkUserAccounts accounts;

	private final ClerkUserRepository repository;

	private final Clock clock;

	private @Nullable ClerkInstanceCheck instanceCheck;

	private @Nullable SyncRunLock runLock;

	/**
	 * Creates the push.
	 * @param api the Backend API client
	 * @param users finds users
	 * @param accounts links local accounts to Clerk users
	 * @param repository the user repository
	 * @param clock the clock
	 */
	public ClerkUserPush(ClerkApiClient api, ClerkUserService users, ClerkUserAccounts accounts,
			ClerkUserRepository repository, Clock clock) {
		this.api = api;
		this.users = users;
		this.accounts = accounts;
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Sets the check that the secret key belongs to the instance the stored data comes
	 * from, run before every push.
	 * @param instanceCheck the check
	 */
	public void setInstanceCheck(ClerkInstanceCheck instanceCheck) {
		this.instanceCheck = instanceCheck;
	}

	/**
	 * Sets the lock that allows one sync or push at a time on every instance.
	 * @param runLock the lock
	 */
	public void setRunLock(SyncRunLock runLock) {
		this.runLock = runLock;
	}

	/**
	 * Pushes the selected users.
	 * @param options which users, and whether it is a dry run
	 * @param progress told after every 100 users and at the end, with a line of counts
	 * @return what was done
	 * @throws SyncInProgressException when another sync or push is running
	 * @throws SyncAbortedException when an outage of the database or of Clerk ended it;
	 * the users pushed before stay pushed
	 */
	public PushSummary push(PushOptions options, Consumer<String> progress) {
		return this.observations.observe("push", options.dryRun(),
				() -> (this.runLock != null) ? this.runLock.run("push", () -> run(options, progress))
						: run(options, progress),
				(summary) -> !summary.failed().isEmpty(),
				(summary) -> Map.of("created", summary.created(), "linked", summary.linked(), "conflicts",
						(long) summary.conflicts().size(), "failed", (long) summary.failed().size()));
	}

	/**
	 * Observes each run as {@code clerk.sync} with {@code operation=push} (default: no
	 * observation, at no cost).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observations.setRegistry(observationRegistry);
	}

	private PushSummary run(PushOptions options, Consumer<String> progress) {
		Instant start = this.clock.instant();
		if (this.instanceCheck != null) {
			this.instanceCheck.verify(false, options.dryRun());
		}
		List<UUID> selected = select(options);
		long created = 0;
		long linked = 0;
		long withPassword = 0;
		List<String> withoutPassword = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		List<String> conflicts = new ArrayList<>();
		int done = 0;
		int leftOut = 0;
		if (selected.isEmpty() && options.email() != null) {
			explainUnselected(options.email(), failed, progress);
		}
		for (UUID uid : selected) {
			ClerkUser user = SyncFailures.abortingOnOutage("reading the local user " + uid,
					() -> current(uid, options));
			done++;
			if (user == null) {
				leftOut++;
				logger.info("Left out local user " + uid
						+ ": it was linked, switched off or deleted, or lost its email, since the push began");
				continue;
			}
			String email = Objects.requireNonNull(user.getEmail());
			try {
				List<UserResource> existing = this.api.listUsers(UserListQuery.byEmail(email));
				if (!existing.isEmpty()) {
					UserResource owner = linkTarget(existing, email).orElse(null);
					if (owner == null) {
						conflicts.add(email + ": " + conflict(existing));
						logger.warn("Did not link local user " + user.getUid() + ": the address is on "
								+ existing.size() + " Clerk user(s), not the verified primary address of exactly one");
					}
					else {
						if (!options.dryRun()) {
							this.accounts.linkClerkId(user.getUid(), Objects.requireNonNull(owner.id()));
						}
						linked++;
					}
				}
				else {
					PasswordDigest digest = PasswordDigest.of(user.getPassword());
					CreateUserRequest request = CreateUserRequest.withEmail(email)
						.withName(user.getFirstName(), user.getLastName())
						.withExternalId(user.getUid().toString());
					if (digest != null) {
						request = request.withPasswordDigest(digest.digest(), digest.hasher());
					}
					Created clerkUser = options.dryRun() ? null : create(request, email);
					if (clerkUser != null) {
						this.accounts.linkClerkId(user.getUid(), Objects.requireNonNull(clerkUser.user().id()));
					}
					if (clerkUser != null && clerkUser.existed()) {
						linked++;
					}
					else {
						created++;
						if (digest != null) {
							withPassword++;
						}
						else {
							withoutPassword.add(email);
						}
					}
				}
			}
			catch (RuntimeException ex) {
				// An outage would fail every user the same way: the push ends at once.
				SyncFailures.abortPushOnOutage(ex, "pushing the local user " + user.getUid());
				failed.add(email + ": " + ex.getMessage());
				logger
					.warn("Could not push local user " + user.getUid() + " to Clerk: " + ex.getClass().getSimpleName());
			}
			if (done % 100 == 0) {
				progress.accept(done + " of " + selected.size() + " users pushed");
			}
		}
		PushSummary summary = new PushSummary(selected.size() - leftOut, created, linked, withPassword, withoutPassword,
				failed, conflicts, Duration.between(start, this.clock.instant()), options.dryRun());
		progress.accept(summary.describe());
		logger.info(summary.describe());
		return summary;
	}

	private Created create(CreateUserRequest request, String email) {
		try {
			return new Created(this.api.createUser(request), false);
		}
		catch (ClerkApiException ex) {
			if (ex.hasErrorCode("form_identifier_exists")) {
				// Created in Clerk meanwhile: link to it, if it is the address's owner.
				List<UserResource> existing = this.api.listUsers(UserListQuery.byEmail(email));
				return new Created(linkTarget(existing, email)
					.orElseThrow(() -> new IllegalStateException(conflict(existing), ex)), true);
			}
			throw ex;
		}
	}

	/**
	 * The Clerk user a local user is linked to after a create: the one created, or the
	 * one Clerk had by then ({@code form_identifier_exists}), which is counted as linked.
	 */
	private record Created(UserResource user, boolean existed) {
	}

	/**
	 * The Clerk user a local account may be linked to: the only user Clerk has with the
	 * address, when it is that user's verified primary address, as for every link.
	 */
	private static Optional<UserResource> linkTarget(List<UserResource> existing, String email) {
		return UserResource.ownerOf(existing, email).filter((owner) -> owner.hasVerifiedPrimaryEmail(email));
	}

	private static String conflict(List<UserResource> existing) {
		List<String> ids = existing.stream().map((user) -> String.valueOf(user.id())).toList();
		String why = switch (ids.size()) {
			// Clerk said the address is taken, and lists no user with it: another
			// identifier of the request (a username, a phone number), or a user Clerk
			// does not list (being deleted).
			case 0 -> "Clerk refused the user as one that exists (form_identifier_exists), and lists no user with the"
					+ " address";
			case 1 -> "the Clerk user " + ids.get(0) + " has the address, but not as its verified primary address";
			default -> "Clerk has the address on " + ids.size() + " users " + ids;
		};
		return why + "; link it by hand once its owner is known";
	}

	/**
	 * The uids of the selected users: the users themselves are read one at a time, when
	 * their turn comes, so that a push of any size holds one at a time.
	 */
	private List<UUID> select(PushOptions options) {
		if (options.email() != null) {
			return this.users.findByEmail(options.email())
				.filter(ClerkUserPush::isUnlinked)
				.map((user) -> List.of(user.getUid()))
				.orElse(List.of());
		}
		Instant createdBefore = options.createdBefore();
		return (createdBefore != null) ? this.repository.findUnlinkedUidsCreatedBefore(createdBefore)
				: this.repository.findUnlinkedUids();
	}

	/**
	 * Says why a push of one address selected nobody: no local user has it (a failure, a
	 * typo most likely), or its user is one that is not pushed.
	 */
	private void explainUnselected(String email, List<String> failed, Consumer<String> progress) {
		ClerkUser user = SyncFailures.abortingOnOutage("reading the local user of " + email,
				() -> this.users.findByEmail(email).orElse(null));
		if (user == null) {
			failed.add(email + ": no local user has this email");
			return;
		}
		String why = (user.getClerkId() != null) ? "is linked to Clerk user " + user.getClerkId() : "is switched off";
		progress.accept(email + " is left out: its local user " + why);
	}

	/**
	 * A selected user as it is now, or {@code null} when it no longer is one to push.
	 */
	private @Nullable ClerkUser current(UUID uid, PushOptions options) {
		Instant createdBefore = options.createdBefore();
		return this.users.findByUid(uid)
			.filter(ClerkUserPush::isUnlinked)
			.filter((user) -> createdBefore == null || user.getCreatedAt().isBefore(createdBefore))
			.orElse(null);
	}

	private static boolean isUnlinked(ClerkUser user) {
		return user.getClerkId() == null && user.isActive() && user.getEmail() != null;
	}

	/**
	 * A password hash in a form Clerk imports.
	 *
	 * @param digest the hash
	 * @param hasher Clerk's name of the algorithm
	 */
	record PasswordDigest(String digest, String hasher) {

		/**
		 * Reads a stored hash: bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}),
		 * bare or with Spring's {@code {bcrypt}} prefix, are imported as {@code bcrypt};
		 * other encodings cannot be.
		 */
		static @Nullable PasswordDigest of(@Nullable String stored) {
			if (stored == null) {
				return null;
			}
			String hash = stored.startsWith("{bcrypt}") ? stored.substring("{bcrypt}".length()) : stored;
			if (hash.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}")) {
				return new PasswordDigest(hash, "bcrypt");
			}
			return null;
		}

	}

}
