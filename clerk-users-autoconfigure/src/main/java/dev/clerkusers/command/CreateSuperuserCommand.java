package dev.clerkusers.command;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;

/**
 * {@code --clerk.command=create-superuser [--email=<email>]}: creates a staff superuser
 * who signs in with a password (the counterpart of Django's {@code createsuperuser}). The
 * email is asked for on a terminal when not given, and required without one. The password
 * is asked for twice on a terminal, never echoed; without a terminal it is read from
 * standard input only with {@code --password-stdin}, and otherwise refused rather than
 * shown. It is never taken from a command-line argument, where other users of the machine
 * and the shell history would see it. It has at least {@value #MIN_LENGTH} characters, at
 * most {@value #MAX_BYTES} bytes, and is not the email.
 */
public class CreateSuperuserCommand implements ClerkCommand {

	/** The command's name, given to {@code --clerk.command}. */
	public static final String NAME = "create-superuser";

	/** The fewest characters a superuser's password has. */
	public static final int MIN_LENGTH = 12;

	/** The most bytes (UTF-8) a superuser's password has: bcrypt's limit. */
	public static final int MAX_BYTES = 72;

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
		return NAME;
	}

	@Override
	public Set<String> options() {
		return Set.of("email", "password-stdin", "password");
	}

	@Override
	public String description() {
		return "create a staff superuser who signs in with a password [--email=<email>] [--password-stdin]";
	}

	@Override
	public void run(ApplicationArguments arguments, ClerkConsole console) {
		if (arguments.containsOption("password")) {
			throw new ClerkCommandException("Passwords are never taken from the command line; leave out --password "
					+ "and type it when asked (or pipe it to standard input)", ClerkCommandException.USAGE);
		}
		String email = option(arguments, "email");
		if (email == null && !console.hidesPasswords()) {
			// Standard input without a terminal carries the password: never read it as
			// the email, which a refusal would write to the log.
			throw new ClerkCommandException("There is no terminal to ask for the email: give it with --email=<email>",
					ClerkCommandException.USAGE);
		}
		if (email == null) {
			email = console.readLine("Email: ");
		}
		if (email == null || email.isBlank()) {
			throw new ClerkCommandException("An email is required", ClerkCommandException.USAGE);
		}
		char[] password;
		char[] again;
		if (console.hidesPasswords()) {
			password = console.readPassword("Password: ");
			// The end of input (Ctrl-D) gives up: it is not asked for again.
			again = (password != null) ? console.readPassword("Password (again): ") : null;
		}
		else if (new CommandOptions(arguments).flag("password-stdin")) {
			password = console.readPassword("");
			again = (password != null) ? password.clone() : null;
		}
		else {
			throw new ClerkCommandException("There is no terminal to type the password in without it being shown."
					+ " Pipe it on standard input with --password-stdin", ClerkCommandException.USAGE);
		}
		try {
			if (password == null || password.length == 0) {
				throw new ClerkCommandException("A password is required");
			}
			if (again == null) {
				throw new ClerkCommandException("The password was not typed again; nothing was done");
			}
			if (!Arrays.equals(password, again)) {
				throw new ClerkCommandException("The passwords do not match");
			}
			checkRules(password, email.trim());
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

	/**
	 * The rules of a superuser's password: at least {@value #MIN_LENGTH} characters, at
	 * most {@value #MAX_BYTES} bytes in UTF-8 (bcrypt reads no further, and Spring
	 * Security's encoder refuses longer), and not the email.
	 */
	private static void checkRules(char[] password, String email) {
		// Characters, not UTF-16 units: an emoji is one character.
		if (Character.codePointCount(password, 0, password.length) < MIN_LENGTH) {
			throw new ClerkCommandException("The password must have at least " + MIN_LENGTH + " characters");
		}
		if (StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)).remaining() > MAX_BYTES) {
			throw new ClerkCommandException("The password must have at most " + MAX_BYTES + " bytes in UTF-8");
		}
		if (email.equalsIgnoreCase(new String(password))) {
			throw new ClerkCommandException("The password must not be the email");
		}
	}

	private static @Nullable String option(ApplicationArguments arguments, String name) {
		List<String> values = arguments.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

}
