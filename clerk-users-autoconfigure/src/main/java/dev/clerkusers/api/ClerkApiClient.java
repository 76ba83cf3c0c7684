package dev.clerkusers.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * Clerk's Backend API endpoints this library uses, one call each, over a
 * {@link ClerkApiTransport}: every failure is a {@link ClerkApiException}, and responses
 * are read leniently (unknown fields are ignored, so new Clerk fields never break
 * parsing). A blank id (of a user, session, address or invitation) is refused with an
 * {@link IllegalArgumentException} before any request, as bounds out of range are.
 * Operations that take several calls are in {@link ClerkUserOperations}.
 */
public class ClerkApiClient {

	/**
	 * The fields of a verify answer that are never {@code null}: in one, it says nothing
	 * about the token (whether it is revoked, say), and confirms nothing.
	 */
	private static final List<String> VALUED_MACHINE_TOKEN_FIELDS = List.of("revoked", "expired", "scopes");

	/**
	 * The fields Clerk's specification requires in every verify answer: one left out
	 * confirms nothing either. An API key's and an OAuth token's answers require
	 * {@code scopes} too; an M2M token's has none when it may call no machine.
	 */
	private static final List<String> REQUIRED_MACHINE_TOKEN_FIELDS = List.of("revoked", "expired");

	private static final List<String> REQUIRED_SCOPED_TOKEN_FIELDS = List.of("revoked", "expired", "scopes");

	private static final ParameterizedTypeReference<List<JsonNode>> JSON_LIST = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<SessionResource>> SESSIONS = new ParameterizedTypeReference<>() {
	};

	private final ClerkApiTransport transport;

	/**
	 * Creates a client.
	 * @param transport the transport, with base URL, secret key and error handling
	 */
	public ClerkApiClient(ClerkApiTransport transport) {
		this.transport = transport;
	}

	/**
	 * A copy each of whose calls waits at most this long in all for Clerk's rate limit,
	 * for calls made while a user waits for an answer. The budget is per call; to bound
	 * the waits of several calls together, run them within a {@link ClerkApiRetryBudget}.
	 * @param budget the longest total wait of one call's retries
	 * @return the copy
	 */
	public ClerkApiClient withRetryBudget(Duration budget) {
		return new ClerkApiClient(this.transport.withRetryBudget(budget));
	}

	/**
	 * The transport, for calls this class does not offer.
	 * @return the transport
	 */
	public ClerkApiTransport transport() {
		return this.transport;
	}

	/**
	 * {@code GET /users/{id}}: the user, read as
	 * {@link ClerkResource#read(JsonNode, Class)} reads a webhook's data.
	 * @param userId the user id
	 * @return the user
	 * @throws ClerkApiException with status 404 when there is no such user
	 * @throws MalformedClerkDataException when the user's data is malformed (a field that
	 * is not cosmetic of another JSON type)
	 */
	public UserResource getUser(String userId) {
		Assert.hasText(userId, "userId must not be blank");
		return user((client) -> client.get().uri("/users/{id}", userId).retrieve().body(ObjectNode.class));
	}

	/**
	 * {@code GET /users}: one page of users, each read as
	 * {@link ClerkResource#read(JsonNode, Class)} reads it.
	 * @param query the page and filters
	 * @return the users of the page (fewer than the limit on the last page)
	 * @throws MalformedClerkDataException when one of them cannot be read; use
	 * {@link #listUserJson(UserListQuery)} to read the others
	 */
	public List<UserResource> listUsers(UserListQuery query) {
		return listUserJson(query).stream().map((user) -> ClerkResource.read(user, UserResource.class)).toList();
	}

	/**
	 * {@code GET /users}: one page of users as Clerk sent them, for a caller that reads
	 * each with {@link ClerkResource#read(JsonNode, Class)} and must not lose the others
	 * to one it cannot read (a sync).
	 * @param query the page and filters
	 * @return the users' JSON objects (fewer than the limit on the last page)
	 */
	public List<JsonNode> listUserJson(UserListQuery query) {
		return this.transport.call((client) -> client.get().uri("/users", (builder) -> {
			builder.queryParam("limit", query.limit()).queryParam("offset", query.offset());
			if (query.orderBy() != null) {
				builder.queryParam("order_by", query.orderBy());
			}
			query.emailAddresses().forEach((email) -> builder.queryParam("email_address", email));
			query.userIds().forEach((id) -> builder.queryParam("user_id", id));
			return builder.build();
		}).retrieve().body(JSON_LIST));
	}

	/**
	 * The first user Clerk lists for an email address, among any of their addresses,
	 * verified or not: to find the user that owns an address, list them and use
	 * {@link UserResource#ownerOf}.
	 * @param email the address
	 * @return the user, if any
	 */
	public Optional<UserResource> findUserByEmail(String email) {
		return listUsers(UserListQuery.byEmail(email)).stream().findFirst();
	}

	/**
	 * {@code GET /users/count}.
	 * @return how many users the instance has
	 */
	public long countUsers() {
		JsonNode count = this.transport
			.call((client) -> client.get().uri("/users/count").retrieve().body(JsonNode.class));
		JsonNode total = count.path("total_count");
		if (!total.isIntegralNumber() || !total.canConvertToLong() || total.asLong() < 0) {
			// Not Clerk's count (a proxy's JSON, say): never read as no users.
			throw new ClerkApiException("Clerk's Backend API gave an answer that could not be read: no total_count in "
					+ "the count of users", new IllegalStateException("total_count is " + total.getNodeType()));
		}
		return total.asLong();
	}

	/**
	 * {@code GET /jwks}: the instance's public keys.
	 * @return the key set as JSON
	 */
	public JsonNode getJwks() {
		return this.transport.call((client) -> client.get().uri("/jwks").retrieve().body(JsonNode.class));
	}

	/**
	 * {@code POST /users}: creates a user.
	 * @param request the user
	 * @return the created user
	 * @throws ClerkApiException with Clerk's codes, for example
	 * {@code form_identifier_exists} when the email or username is taken
	 * @throws MalformedClerkDataException when the user's data is malformed (a field that
	 * is not cosmetic of another JSON type)
	 */
	public UserResource createUser(CreateUserRequest request) {
		return user((client) -> client.post().uri("/users").body(request.body()).retrieve().body(ObjectNode.class));
	}

	/**
	 * {@code PATCH /users/{id}}: changes a user's profile (only the fields given).
	 * @param userId the user id
	 * @param request the changes
	 * @return the user
	 * @throws MalformedClerkDataException when the user's data is malformed (a field that
	 * is not cosmetic of another JSON type)
	 */
	public UserResource updateUser(String userId, UpdateUserRequest request) {
		Assert.hasText(userId, "userId must not be blank");
		return user((client) -> client.patch()
			.uri("/users/{id}", userId)
			.body(request.body())
			.retrieve()
			.body(ObjectNode.class));
	}

	/**
	 * {@code PATCH /users/{id}/metadata}: merges metadata into the user's, on Clerk's
	 * side (no read-modify-write, so concurrent updates are not lost). Keys set to
	 * {@code null} are removed; {@code null} maps are left alone.
	 * @param userId the user id
	 * @param publicMetadata keys to merge into the public metadata, or {@code null}
	 * @param privateMetadata keys to merge into the private metadata, or {@code null}
	 * @param unsafeMetadata keys to merge into the unsafe metadata, or {@code null}
	 * @return the user
	 * @throws MalformedClerkDataException when the user's data is malformed (a field that
	 * is not cosmetic of another JSON type)
	 */
	public UserResource mergeMetadata(String userId, @Nullable Map<String, @Nullable Object> publicMetadata,
			@Nullable Map<String, @Nullable Object> privateMetadata,
			@Nullable Map<String, @Nullable Object> unsafeMetadata) {
		Assert.hasText(userId, "userId must not be blank");
		Map<String, Object> body = new LinkedHashMap<>();
		CreateUserRequest.put(body, "public_metadata", publicMetadata);
		CreateUserRequest.put(body, "private_metadata", privateMetadata);
		CreateUserRequest.put(body, "unsafe_metadata", unsafeMetadata);
		return user((client) -> client.patch()
			.uri("/users/{id}/metadata", userId)
			.body(body)
			.retrieve()
			.body(ObjectNode.class));
	}

	/**
	 * {@code POST /email_addresses}: adds an address to a user.
	 * @param userId the user id
	 * @param email the address
	 * @param verified whether Clerk is to consider it verified
	 * @param primary whether it becomes the user's primary address
	 * @return the address
	 */
	public EmailAddressResource createEmailAddress(String userId, String email, boolean verified, boolean primary) {
		Assert.hasText(userId, "userId must not be blank");
		return this.transport.call((client) -> client.post()
			.uri("/email_addresses")
			.body(Map.of("user_id", userId, "email_address", email, "verified", verified, "primary", primary))
			.retrieve()
			.body(EmailAddressResource.class));
	}

	/**
	 * {@code PATCH /email_addresses/{id}}: sets whether an address of a user is verified
	 * and whether it is their primary address. Both values are sent: give the ones it is
	 * to have, not only the one to change.
	 * @param emailAddressId the address id
	 * @param verified whether Clerk is to consider it verified
	 * @param primary whether it becomes the user's primary address
	 * @return the address
	 */
	public EmailAddressResource updateEmailAddress(String emailAddressId, boolean verified, boolean primary) {
		Assert.hasText(emailAddressId, "emailAddressId must not be blank");
		return this.transport.call((client) -> client.patch()
			.uri("/email_addresses/{id}", emailAddressId)
			.body(Map.of("verified", verified, "primary", primary))
			.retrieve()
			.body(EmailAddressResource.class));
	}

	/**
	 * {@code DELETE /email_addresses/{id}}.
	 * @param emailAddressId the address id
	 */
	public void deleteEmailAddress(String emailAddressId) {
		Assert.hasText(emailAddressId, "emailAddressId must not be blank");
		this.transport.run(
				(client) -> client.delete().uri("/email_addresses/{id}", emailAddressId).retrieve().toBodilessEntity());
	}

	/**
	 * {@code POST /sign_in_tokens}: a one-time ticket that signs the user in.
	 * @param userId the user id
	 * @param expiresIn how long the ticket is valid
	 * @return the sign-in token
	 * @throws IllegalArgumentException when the user id is blank or the lifetime under a
	 * second
	 */
	public SignInTokenResource createSignInToken(String userId, Duration expiresIn) {
		Assert.hasText(userId, "userId must not be blank");
		checkSignInTokenLifetime(expiresIn);
		return this.transport.call((client) -> client.post()
			.uri("/sign_in_tokens")
			.body(Map.of("user_id", userId, "expires_in_seconds", expiresIn.toSeconds()))
			.retrieve()
			.body(SignInTokenResource.class));
	}

	/**
	 * Refuses a sign-in token's lifetime under a second, before any request.
	 */
	static void checkSignInTokenLifetime(Duration expiresIn) {
		if (expiresIn.toSeconds() < 1) {
			throw new IllegalArgumentException("expiresIn must be at least one second, not " + expiresIn);
		}
	}

	/**
	 * {@code GET /sessions}: one page of a user's sessions.
	 * @param userId the user id
	 * @param status only sessions in this state, for example {@code active}, or
	 * {@code null} for all
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the sessions of the page
	 */
	public List<SessionResource> listSessions(String userId, @Nullable String status, int limit, int offset) {
		Assert.hasText(userId, "userId must not be blank");
		Page.checkBounds(limit, offset);
		return this.transport.call((client) -> client.get().uri("/sessions", (builder) -> {
			builder.queryParam("user_id", userId);
			if (status != null) {
				builder.queryParam("status", status);
			}
			return builder.queryParam("limit", limit).queryParam("offset", offset).build();
		}).retrieve().body(SESSIONS));
	}

	/**
	 * {@code POST /sessions/{id}/revoke}.
	 * @param sessionId the session id
	 * @return the revoked session
	 */
	public SessionResource revokeSession(String sessionId) {
		Assert.hasText(sessionId, "sessionId must not be blank");
		return this.transport.call((client) -> client.post()
			.uri("/sessions/{id}/revoke", sessionId)
			.retrieve()
			.body(SessionResource.class));
	}

	/**
	 * {@code POST /invitations}: invites someone to sign up.
	 * @param email the address
	 * @param redirectUrl where the invitation link leads, or {@code null} for Clerk's
	 * default
	 * @param publicMetadata metadata the new user gets, or {@code null}
	 * @return the invitation
	 */
	public InvitationResource createInvitation(String email, @Nullable String redirectUrl,
			@Nullable Map<String, @Nullable Object> publicMetadata) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email_address", email);
		CreateUserRequest.put(body, "redirect_url", redirectUrl);
		CreateUserRequest.put(body, "public_metadata", publicMetadata);
		return this.transport
			.call((client) -> client.post().uri("/invitations").body(body).retrieve().body(InvitationResource.class));
	}

	/**
	 * {@code POST /invitations/{id}/revoke}.
	 * @param invitationId the invitation id
	 * @return the revoked invitation
	 */
	public InvitationResource revokeInvitation(String invitationId) {
		Assert.hasText(invitationId, "invitationId must not be blank");
		return this.transport.call((client) -> client.post()
			.uri("/invitations/{id}/revoke", invitationId)
			.retrieve()
			.body(InvitationResource.class));
	}

	/**
	 * {@code POST /testing_tokens}: a token that lets a frontend's end-to-end tests pass
	 * bot protection.
	 * @return the testing token
	 */
	public TestingTokenResource createTestingToken() {
		return this.transport
			.call((client) -> client.post().uri("/testing_tokens").retrieve().body(TestingTokenResource.class));
	}

	/**
	 * {@code POST /api_keys/verify}: verifies an API key's secret.
	 * @param secret the secret ({@code ak_…})
	 * @return the API key
	 * @throws ClerkApiException with a 4xx status when Clerk does not know the key, or it
	 * is revoked or expired
	 * @throws MalformedClerkDataException when Clerk's answer has a field of another JSON
	 * type
	 */
	public MachineTokenResource verifyApiKey(String secret) {
		return machineToken(REQUIRED_SCOPED_TOKEN_FIELDS,
				(client) -> client.post()
					.uri("/api_keys/verify")
					.body(Map.of("secret", secret))
					.retrieve()
					.body(ObjectNode.class));
	}

	/**
	 * {@code POST /m2m_tokens/verify}: verifies an opaque M2M token.
	 * @param token the token ({@code mt_…})
	 * @param machineSecretKey the receiving machine's secret key, so that Clerk checks
	 * the token may call this machine; {@code null} to authenticate with the instance's
	 * secret key, which verifies any token of the instance
	 * @return the token
	 * @throws ClerkApiException with a 4xx status when Clerk does not know the token, or
	 * it is revoked or expired
	 * @throws MalformedClerkDataException when Clerk's answer has a field of another JSON
	 * type
	 */
	public MachineTokenResource verifyM2mToken(String token, @Nullable String machineSecretKey) {
		return machineToken(REQUIRED_MACHINE_TOKEN_FIELDS, (client) -> {
			RestClient.RequestBodySpec request = client.post().uri("/m2m_tokens/verify");
			if (machineSecretKey != null) {
				request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + machineSecretKey);
			}
			return request.body(Map.of("token", token)).retrieve().body(ObjectNode.class);
		});
	}

	/**
	 * {@code POST /oauth_applications/access_tokens/verify}: verifies an opaque OAuth
	 * access token.
	 * @param accessToken the token ({@code oat_…})
	 * @return the token
	 * @throws ClerkApiException with a 4xx status when Clerk does not know the token, or
	 * it is revoked or expired
	 * @throws MalformedClerkDataException when Clerk's answer has a field of another JSON
	 * type
	 */
	public MachineTokenResource verifyOAuthAccessToken(String accessToken) {
		return machineToken(REQUIRED_SCOPED_TOKEN_FIELDS,
				(client) -> client.post()
					.uri("/oauth_applications/access_tokens/verify")
					.body(Map.of("access_token", accessToken))
					.retrieve()
					.body(ObjectNode.class));
	}

	/**
	 * A call answered with a user, read by the same rules as every Clerk user the library
	 * stores (a delivery's, a sync's): no value converted from another JSON type. An
	 * answer that is no JSON object (a proxy's page) is one that could not be read, a
	 * {@link ClerkApiException}.
	 */
	private UserResource user(Function<RestClient, @Nullable ObjectNode> call) {
		return ClerkResource.read(this.transport.call(call), UserResource.class);
	}

	/**
	 * A verify call answered with a machine token. An answer that is no JSON object (a
	 * proxy's page) is one that could not be read, a {@link ClerkApiException}; Clerk's
	 * JSON object with a field of another type ({@code subject} an array, a scope that is
	 * a number or {@code null}, {@code revoked} a string, say: none is converted) is
	 * Clerk's answer about the token, a {@link MalformedClerkDataException}, as is
	 * {@code null} for a field that is never null ({@code revoked}, {@code expired},
	 * {@code scopes}), one of the {@code required} left out (unless the answer is
	 * {@code {"active": false}}, which has no other), and a scope that is empty or holds
	 * whitespace. The custom {@code claims} inside are the token owner's own, and not
	 * looked into.
	 */
	private MachineTokenResource machineToken(List<String> required, Function<RestClient, @Nullable ObjectNode> call) {
		ObjectNode answer = this.transport.call(call);
		JsonNode active = answer.get("active");
		boolean inactive = active != null && active.isBoolean() && !active.asBoolean();
		for (String field : VALUED_MACHINE_TOKEN_FIELDS) {
			JsonNode value = answer.get(field);
			if (value == null && required.contains(field) && !inactive) {
				// {"active": false}, an OAuth token's answer when it is not active, has
				// no other field: the verifier refuses it as that.
				throw new MalformedClerkDataException(
						"Clerk's answer about the token has no " + field + ", which Clerk always gives");
			}
			if (value != null && value.isNull()) {
				throw new MalformedClerkDataException(
						"Clerk's answer about the token has a field of another JSON type: " + field + " is null");
			}
		}
		JsonNode scopes = answer.get("scopes");
		if (scopes != null && scopes.isArray()) {
			for (int i = 0; i < scopes.size(); i++) {
				JsonNode scope = scopes.get(i);
				if (!scope.isString()) {
					throw new MalformedClerkDataException("Clerk's answer about the token has a field of another "
							+ "JSON type: scopes[" + i + "] is a " + scope.getNodeType() + ", not a string");
				}
				if (!MachineTokenResource.isScope(scope.asString())) {
					throw new MalformedClerkDataException("Clerk's answer about the token is malformed: scopes[" + i
							+ "] is empty or holds whitespace, which no scope does");
				}
			}
		}
		try {
			return Objects.requireNonNull(LenientFields.STRICT.treeToValue(answer, MachineTokenResource.class));
		}
		catch (JacksonException ex) {
			throw new MalformedClerkDataException("Clerk's answer about the token has a field of another JSON type: "
					+ LenientFields.path(ex).orElse("a field"), ex);
		}
	}

}
