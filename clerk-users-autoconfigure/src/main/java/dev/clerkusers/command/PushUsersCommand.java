package dev.clerkusers.command;

import java.time.format.DateTimeParseException;
import java.util.Set;

import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.PushOptions;
import dev.clerkusers.sync.PushSummary;

import org.springframework.boot.ApplicationArguments;

/**
 * {@code --clerk.command=push-users (--all | --email=<email> | --created-before=<yyyy-MM-dd>) [--dry-run]}:
 * pushes local users to Clerk, linking those that exist there and creating the others,
 * with their bcrypt password hashes. Exits with status 1 when any user failed or was left
 * unlinked for a conflict.
 */
public class PushUsersCommand implements ClerkCommand {

	/** The command's name, given to {@code --clerk.command}. */
	public static final String NAME = "push-users";

	private final ClerkUserPush push;

	/**
	 * Creates the command.
	 * @param push the push
	 */
	public PushUsersCommand(ClerkUserPush push) {
		this.push = push;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Set<String> options() {
		return Set.of("all", "email", "created-before", "dry-run");
	}

	@Override
	public String description() {
		return "push local users to Clerk (--all | --email=<email> | --created-before=<yyyy-MM-dd>) [--dry-run]";
	}

	@Override
	public void run(ApplicationArguments arguments, ClerkConsole console) {
		CommandOptions options = new CommandOptions(arguments);
		String email = options.value("email");
		String createdBefore = options.value("created-before");
		boolean all = options.flag("all");
		if ((all ? 1 : 0) + (email != null ? 1 : 0) + (createdBefore != null ? 1 : 0) != 1) {
			throw new ClerkCommandException(
					"Say which users: exactly one of --all, --email=<email>, " + "--created-before=<yyyy-MM-dd>",
					ClerkCommandException.USAGE);
		}
		PushOptions pushOptions;
		if (email != null) {
			pushOptions = PushOptions.email(email);
		}
		else if (createdBefore != null) {
			try {
				pushOptions = PushOptions.createdBefore(createdBefore);
			}
			catch (DateTimeParseException ex) {
				throw new ClerkCommandException("--created-before must be a date, yyyy-MM-dd: '" + createdBefore + "'",
						ClerkCommandException.USAGE);
			}
		}
		else {
			pushOptions = PushOptions.all();
		}
		PushSummary summary = this.push.push(pushOptions.withDryRun(options.flag("dry-run")), console::println);
		summary.withoutPassword().forEach((address) -> console.println("  created without password: " + address));
		summary.conflicts().forEach((conflict) -> console.println("  not linked: " + conflict));
		summary.failed().forEach((failure) -> console.println("  failed: " + failure));
		int notLinked = summary.conflicts().size();
		if (notLinked > 0 || !summary.failed().isEmpty()) {
			throw new ClerkCommandException("The push left " + notLinked + ((notLinked == 1) ? " user" : " users")
					+ " not linked and " + summary.failed().size() + " failed; the lines above say why");
		}
	}

}
