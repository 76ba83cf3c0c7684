package dev.clerkusers.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Server-side operations on Clerk users that take several Backend API calls: creating a
 * user with a unique username, onboarding with a sign-in link, changing the primary
 * email, and revoking every session. The counterparts of django-clerk-users' server API.
 */
public class ClerkUserOperations {

	private static final int SESSION_PAGE = 100;

	private final ClerkApiClient api;

	/**
	 * Creates the operations.
	 * @param api the Backend API client
	 */
	public ClerkUserOperations(ClerkApiClient api) {
		this.api = api;
	}

	/**
	 * Creates a user with a username derived from the email
	 * ({@link UsernameGenerator#fromEmail(String)}), deriving another one when Clerk says
	 * the username is taken (up to 5 times). For instances that require usernames.
	 * @param request the user; its username, if any, is tried first
	 * @return the created user
	 * @throws ClerkApiException when creation fails for another reason (a taken email,
	 * say), or every username tried was taken
	 */
	public UserResource createUserWithUniqueUsername(CreateUserRequest request) {
		String email = (request.emailAddress() != null) ? request.emailAddress() : "user";
		String username = (request.username() != null) ? request.username() : UsernameGenerator.fromEmail(email);
		for (int attempt = 1;; attempt++) {
			try {
				return this.api.createUser(request.withUsername(username));
			}
			catch (ClerkApiException ex) {
				boolean usernameTaken = ex.getErrors()
					.stream()
					.anyMatch((error) -> ("form_identifier_exists".equals(error.code())
							|| "form_identifier_not_unique".equals(error.code())) && error.meta() != null
							&& "username".equals(error.meta().get("param_name")));
				if (!usernameTaken || attempt >= 5) {
					throw ex;
				}
				username = UsernameGenerator.fromEmail(email);
			}
		}
	}

	/**
	 * Makes an address the user's verified primary email, and optionally deletes their
	 * other addresses. An address the user has already (in any case of its ASCII letters)
	 * is marked verified and primary; another is added to the user.
	 * @param userId the user id
	 * @param email the address
	 * @param removeOthers whether to delete the user's other addresses
	 * @return the user afterwards
	 */
	public UserResource setPrimaryEmail(String userId, String email, boolean removeOthers) {
		UserResource user = this.api.getUser(userId);
		List<EmailAddressResource> addresses = (user.emailAddresses() != null) ? user.emailAddresses() : List.of();
		@Nullable String existing = addresses.stream()
			.filter((address) -> address.id() != null
					&& EmailAddressResource.sameAddress(email, address.emailAddress()))
			.map(EmailAddressResource::id)
			.findFirst()
			.orElse(null);
		if (existing != null) {
			this.api.updateEmailAddress(existing, true, true);
		}
		else {
			this.api.createEmailAddress(userId, email, true, true);
		}
		if (removeOthers) {
			for (EmailAddressResource address : addresses) {
				// The addresses read before: a new one is not among them.
				if (address.id() != null && !address.id().equals(existing)) {
					this.api.deleteEmailAddress(address.id());
				}
			}
		}
		return this.api.getUser(userId);
	}

	/**
	 * A sign-in link: a URL of the application's sign-in page with the ticket in
	 * {@code __clerk_ticket} (an existing ticket parameter is replaced; the rest of the
	 * page's query is kept as written).
	 * @param signInUrl the sign-in page, for example
	 * {@code https://app.example.com/sign-in}
	 * @param ticket the sign-in token's ticket
	 * @return the link
	 */
	public static String signInLink(String signInUrl, String ticket) {
		// The page's own query stays as written (already encoded); only the ticket is
		// encoded, '+' included, which a query would read as a space.
		String encodedTicket = URLEncoder.encode(ticket, StandardCharsets.UTF_8).replace("+", "%20");
		return UriComponentsBuilder.fromUriString(signInUrl)
			.replaceQueryParam("__clerk_ticket", encodedTicket)
			.build()
			.toUriString();
	}

	/**
	 * Makes sure a user with an email exists (creating them without password when not)
	 * and returns a sign-in link for them: onboarding in one call. The link is made only
	 * for the user that owns the address ({@link UserResource#ownerOf}): a sign-in link
	 * for a user that merely lists the address would let its holder into that user's
	 * account.
	 * @param request the user to create when there is none with its email
	 * @param signInUrl the sign-in page the link points to
	 * @param expiresIn how long the link is valid
	 * @return the user and the link
	 * @throws IllegalStateException when the address is on several Clerk users, or on one
	 * that has not verified it; nothing is created then
	 * @throws IllegalArgumentException when the request has no email, or the lifetime is
	 * under a second; nothing is asked of Clerk then
	 */
	public ProvisionedAccess provisionAccessLink(CreateUserRequest request, String signInUrl, Duration expiresIn) {
		String email = request.emailAddress();
		if (email == null) {
			throw new IllegalArgumentException("An email is needed to provision a user");
		}
		// Before the user is created: a link that cannot be made must leave no user.
		ClerkApiClient.checkSignInTokenLifetime(expiresIn);
		List<UserResource> listed = this.api.listUsers(UserListQuery.byEmail(email));
		UserResource user = listed.isEmpty() ? this.api.createUser(request)
				: UserResource.ownerOf(listed, email)
					.orElseThrow(() -> new IllegalStateException(
							"No sign-in link was made for " + email + ": the address is on the Clerk user(s) "
									+ listed.stream().map((listedUser) -> String.valueOf(listedUser.id())).toList()
									+ " without one that alone has verified it"));
		String userId = user.id();
		if (userId == null) {
			throw new ClerkApiException(200, List.of(), null, null, "Clerk returned a user without id");
		}
		SignInTokenResource token = this.api.createSignInToken(userId, expiresIn);
		String ticket = token.token();
		if (ticket == null) {
			throw new ClerkApiException(200, List.of(), null, null, "Clerk returned a sign-in token without ticket");
		}
		return new ProvisionedAccess(user, listed.isEmpty(), token, signInLink(signInUrl, ticket));
	}

	/**
	 * Revokes every active session of a user, through every page of
	 * {@code GET /sessions}.
	 * @param userId the user id
	 * @return how many sessions were revoked
	 */
	public int revokeAllSessions(String userId) {
		List<SessionResource> active = new ArrayList<>();
		for (int offset = 0;; offset += SESSION_PAGE) {
			List<SessionResource> page = this.api.listSessions(userId, "active", SESSION_PAGE, offset);
			active.addAll(page);
			if (page.size() < SESSION_PAGE) {
				break;
			}
		}
		for (SessionResource session : active) {
			if (session.id() != null) {
				this.api.revokeSession(session.id());
			}
		}
		return active.size();
	}

}
