package dev.clerkusers.command;

import java.util.Set;
import java.util.function.Supplier;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncReport;
import dev.clerkusers.sync.SyncSummary;

import org.springframework.boot.ApplicationArguments;

/**
 * {@code --clerk.command=sync [--dry-run] [--reconcile] [--force] [--limit=N] [--offset=N] [--page-size=N]}:
 * syncs users (and, with the organizations module, organizations and memberships) from
 * Clerk, printing a line per page and a summary. Exits with status 1 when any object
 * failed.
 */
public class SyncCommand implements ClerkCommand {

	/** The command's name, given to {@code --clerk.command}. */
	public static final String NAME = "sync";

	private final ClerkSync sync;

	/**
	 * Creates the command.
	 * @param sync the sync
	 */
	public SyncCommand(ClerkSync sync) {
		this.sync = sync;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Set<String> options() {
		return Set.of("dry-run", "reconcile", "force", "limit", "offset", "page-size");
	}

	@Override
	public String description() {
		return "sync users (and organizations) from Clerk [--dry-run] [--reconcile] [--force] [--limit=N] [--offset=N]"
				+ " [--page-size=N]";
	}

	@Override
	public void run(ApplicationArguments arguments, ClerkConsole console) {
		CommandOptions options = new CommandOptions(arguments);
		SyncOptions syncOptions;
		try {
			Integer offsetOption = options.number("offset");
			int offset = (offsetOption != null) ? offsetOption : 0;
			Integer pageSize = options.number("page-size");
			Integer limit = options.number("limit");
			SyncOptions flags = SyncOptions.all().withDryRun(options.flag("dry-run")).withForce(options.flag("force"));
			SyncOptions paged = naming("page-size",
					() -> flags.withPageSize((pageSize != null) ? pageSize : SyncOptions.MAX_PAGE_SIZE));
			SyncOptions offsetOnly = naming("offset", () -> paged.withWindow(offset, null));
			SyncOptions window = naming("limit", () -> offsetOnly.withWindow(offset, limit));
			syncOptions = naming("reconcile", () -> window.withReconcile(options.flag("reconcile")));
		}
		catch (IllegalArgumentException ex) {
			throw new ClerkCommandException(String.valueOf(ex.getMessage()), ClerkCommandException.USAGE);
		}
		SyncReport report = this.sync.sync(syncOptions,
				(soFar) -> console.println("page " + soFar.pages() + "  " + soFar.describe()));
		for (SyncSummary summary : report.summaries()) {
			console.println(summary.describe());
			summary.failures().forEach((failure) -> console.println("  failed: " + failure));
			if (summary.failed() > summary.failures().size()) {
				console.println(
						"  … and " + (summary.failed() - summary.failures().size()) + " more failed, each in the log");
			}
		}
		if (report.hasFailures()) {
			throw new ClerkCommandException("The sync finished with failures");
		}
	}

	/**
	 * Applies an option's value, naming the option in the refusal of a value out of its
	 * range.
	 */
	private static SyncOptions naming(String option, Supplier<SyncOptions> applied) {
		try {
			return applied.get();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--" + option + ": " + ex.getMessage(), ex);
		}
	}

}
