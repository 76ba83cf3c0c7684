package dev.clerkusers.api;

/**
 * A Clerk user and a link that signs them in, as
 * {@link ClerkUserOperations#provisionAccessLink} returns them.
 *
 * @param user the user
 * @param created whether the user was created now (else it existed)
 * @param signInToken the sign-in token
 * @param link the URL with the {@code __clerk_ticket} parameter
 */
public record ProvisionedAccess(UserResource user, boolean created, SignInTokenResource signInToken, String link) {

	/**
	 * The access without its link, which signs its holder in.
	 * @return the text
	 */
	@Override
	public String toString() {
		return "ProvisionedAccess[user=" + this.user.id() + ", created=" + this.created + ", signInToken="
				+ this.signInToken + ", link=[hidden]]";
	}

}
