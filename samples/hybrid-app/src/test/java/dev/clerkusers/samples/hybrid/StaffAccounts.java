package dev.clerkusers.samples.hybrid;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserService;
import org.jspecify.annotations.Nullable;

/**
 * The accounts the staff pages' tests sign in with, made by {@link ClerkUserAccounts} as
 * an application's own code would.
 * <p>
 * The sample's application tests share one application and its database, so an account is
 * made only when no other test made it before.
 */
final class StaffAccounts {

	/**
	 * A superuser, who signs in with the form.
	 */
	static final String STAFF = "staff@example.com";

	/**
	 * The password of every account with one.
	 */
	static final String PASSWORD = "correct horse battery staple";

	/**
	 * An account with a password that is not staff.
	 */
	static final String CUSTOMER = "customer@example.com";

	private final ClerkUserService users;

	private final ClerkUserAccounts accounts;

	StaffAccounts(ClerkUserService users, ClerkUserAccounts accounts) {
		this.users = users;
		this.accounts = accounts;
	}

	/**
	 * Makes the superuser, the customer and two Clerk users, Ada and Grace, unless they
	 * exist.
	 */
	void ensure() {
		if (this.users.findByEmail(STAFF).isEmpty()) {
			this.accounts.createSuperuser(STAFF, PASSWORD);
		}
		ensure("ada@example.com", "user_ada", null);
		ensure("grace@example.com", "user_grace", null);
		ensure(CUSTOMER, null, PASSWORD);
	}

	/**
	 * Returns the account with this email, made with the given Clerk id and password if
	 * there is none.
	 */
	ClerkUser ensure(String email, @Nullable String clerkId, @Nullable String password) {
		return this.users.findByEmail(email).orElseGet(() -> this.accounts.createUser(email, clerkId, password));
	}

}
