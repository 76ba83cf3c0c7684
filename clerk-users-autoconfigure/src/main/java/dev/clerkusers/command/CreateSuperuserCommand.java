package dev.clerkusers.command;

import java.util.Arrays;
import java.util.List;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserException;
import dev.clerkusers.user.ClerkUserAccounts;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;

/**
 * {@code --clerk.command=create-superuser [--email=<email>]}: creates a staff superuser
 * who signs in with a password (the counterpart of Django's {@code createsuperuser}). The
 * password is asked for twice and never echoed; it is never taken from a command-line
 * argument, where other users of the machine and the shell history would see it.
 */
public class CreateSuperuserCommand implements ClerkCommand {

	private final ClerkUserAccounts accounts;

	/**
	 * Creates the command.
	 * @param accounts creates the superuser
	 */
	public CreateSuperuserCommand(ClerkUserAccounts accounts) {
		this.accounts = accounts;
	}

	@Override
	public String name() {
		return "create-superuser";
	}

	@Override
	public String description() {
		return "create a staff superuser who signs in with a password [--email=<email>]";
	}

	@Override
	public void run(ApplicationArguments arguments, ClerkConsole console) {
		if (arguments.containsOption("password")) {
			throw new ClerkCommandException("Passwords are never taken from the command line; leave out --password "
					+ "and type it when asked (or pipe it to standard input)", ClerkCommandException.USAGE);
		}
		String email = option(arguments, "email");
		if (email == null) {
			email = console.readLine("Email: ");
		}
		if (email == null || email.isBlank()) {
			throw new ClerkCommandException("An email is required", ClerkCommandException.USAGE);
		}
		char[] password = console.readPassword("Password: ");
		char[] again = console.readPassword("Password (again): ");
		try {
			if (password == null || password.length == 0) {
				throw new ClerkCommandException("A password is required");
			}
			if (!Arrays.equals(password, again)) {
				throw new ClerkCommandException("The passwords do not match");
			}
			ClerkUser user = this.accounts.createSuperuser(email.trim(), new String(password));
			console.println("Superuser " + user.getEmail() + " created (uid " + user.getUid() + ").");
		}
		catch (ClerkUserException ex) {
			throw new ClerkCommandException(String.valueOf(ex.getMessage()), ex);
		}
		finally {
			if (password != null) {
				Arrays.fill(password, ' ');
			}
			if (again != null) {
				Arrays.fill(again, ' ');
			}
		}
	}

	private static @Nullable String option(ApplicationArguments arguments, String name) {
		List<String> values = arguments.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

}
