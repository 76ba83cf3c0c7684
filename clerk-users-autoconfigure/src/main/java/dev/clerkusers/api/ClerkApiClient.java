package dev.clerkusers.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * A thin client for Clerk's Backend API, on Spring's {@link RestClient} (one pooled JDK
 * HTTP client per instance).
 * <ul>
 * <li>Every request carries {@code Authorization: Bearer <secret key>} and
 * {@code Clerk-API-Version}.</li>
 * <li>A 429 is retried after its {@code Retry-After}, a bounded number of times and for a
 * bounded wait; then it fails.</li>
 * <li>Every failure is a {@link ClerkApiException} with the HTTP status (0 without
 * response) and Clerk's error codes. Nothing is turned into {@code false} or an empty
 * result.</li>
 * <li>Responses are read leniently: unknown fields are ignored, so new Clerk fields never
 * break parsing.</li>
 * </ul>
 */
public class ClerkApiClient {

	private static final Log logger = LogFactory.getLog(ClerkApiClient.class);

	private final RestClient restClient;

	/**
	 * Creates a client over a configured {@link RestClient}; see
	 * {@link #builder(String, String)}.
	 * @param restClient the REST client, with base URL, headers and error handling
	 */
	protected ClerkApiClient(RestClient restClient) {
		this.restClient = restClient;
	}

	/**
	 * Starts building a client.
	 * @param apiUrl the Backend API base URL, for example
	 * {@code https://api.clerk.com/v1}
	 * @param secretKey the instance's secret key
	 * @return a builder
	 */
	public static Builder builder(String apiUrl, String secretKey) {
		return new Builder(apiUrl, secretKey);
	}

	/**
	 * The REST client, for operations this class does not offer.
	 * @return the REST client, with base URL, authentication, rate-limit retries and
	 * error handling
	 */
	public RestClient restClient() {
		return this.restClient;
	}

	// ---------------------------------------------------------------- users

	/**
	 * {@code GET /users/{id}}.
	 * @param userId the user id
	 * @return the user
	 * @throws ClerkApiException with status 404 when there is no such user
	 */
	public UserResource getUser(String userId) {
		return call(() -> this.restClient.get().uri("/users/{id}", userId).retrieve().body(UserResource.class));
	}

	/**
	 * {@code GET /users}: one page of users.
	 * @param query the page and filters
	 * @return the users of the page (fewer than the limit on the last page)
	 */
	public List<UserResource> listUsers(UserListQuery query) {
		return call(() -> this.restClient.get().uri((builder) -> {
			builder.path("/users").queryParam("limit", query.limit()).queryParam("offset", query.offset());
			if (query.orderBy() != null) {
				builder.queryParam("order_by", query.orderBy());
			}
			query.emailAddresses().forEach((email) -> builder.queryParam("email_address", email));
			query.userIds().forEach((id) -> builder.queryParam("user_id", id));
			return builder.build();
		}).retrieve().body(new ParameterizedTypeReference<List<UserResource>>() {
		}));
	}

	/**
	 * {@code GET /users/count}.
	 * @return how many users the instance has
	 */
	public long countUsers() {
		JsonNode count = call(() -> this.restClient.get().uri("/users/count").retrieve().body(JsonNode.class));
		return count.path("total_count").asLong();
	}

	/**
	 * {@code GET /jwks}: the instance's public keys.
	 * @return the key set as JSON
	 */
	public JsonNode getJwks() {
		return call(() -> this.restClient.get().uri("/jwks").retrieve().body(JsonNode.class));
	}

	// ---------------------------------------------------------------- server-side user
	// operations

	/**
	 * {@code POST /users}: creates a user.
	 * @param request the user
	 * @return the created user
	 * @throws ClerkApiException with Clerk's codes, for example
	 * {@code form_identifier_exists} when the email or username is taken
	 */
	public UserResource createUser(CreateUserRequest request) {
		return call(
				() -> this.restClient.post().uri("/users").body(request.body()).retrieve().body(UserResource.class));
	}

	/**
	 * Creates a user with a username derived from the email
	 * ({@link #deriveUsername(String)}), deriving another one when Clerk says the
	 * username is taken (up to 5 times). For instances that require usernames.
	 * @param request the user; its username, if any, is tried first
	 * @return the created user
	 * @throws ClerkApiException when creation fails for another reason (a taken email,
	 * say), or every username tried was taken
	 */
	public UserResource createUserWithUniqueUsername(CreateUserRequest request) {
		String email = (request.emailAddress() != null) ? request.emailAddress() : "user";
		String username = (request.username() != null) ? request.username() : deriveUsername(email);
		for (int attempt = 1;; attempt++) {
			try {
				return createUser(request.withUsername(username));
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
				username = deriveUsername(email);
			}
		}
	}

	/**
	 * Derives a username from an email: the local part in lower case, keeping letters,
	 * digits and underscores (at most 24 characters, {@code user} when nothing is left),
	 * an underscore, and 6 random hexadecimal digits.
	 * @param email the email
	 * @return a username such as {@code ada_lovelace_3f9a1c}
	 */
	public static String deriveUsername(String email) {
		int at = email.indexOf('@');
		String local = ((at > 0) ? email.substring(0, at) : email).toLowerCase(java.util.Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "");
		if (local.isEmpty()) {
			local = "user";
		}
		if (local.length() > 24) {
			local = local.substring(0, 24);
		}
		return local + "_"
				+ java.util.HexFormat.of()
					.formatHex(java.nio.ByteBuffer.allocate(4)
						.putInt(java.util.concurrent.ThreadLocalRandom.current().nextInt())
						.array())
					.substring(0, 6);
	}

	/**
	 * Finds the user with an email address.
	 * @param email the address
	 * @return the user, if any
	 */
	public Optional<UserResource> findUserByEmail(String email) {
		return listUsers(UserListQuery.byEmail(email)).stream().findFirst();
	}

	/**
	 * {@code PATCH /users/{id}}: changes a user's profile (only the fields given).
	 * @param userId the user id
	 * @param request the changes
	 * @return the user
	 */
	public UserResource updateUser(String userId, UpdateUserRequest request) {
		return call(() -> this.restClient.patch()
			.uri("/users/{id}", userId)
			.body(request.body())
			.retrieve()
			.body(UserResource.class));
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
	 */
	public UserResource mergeMetadata(String userId, @Nullable Map<String, @Nullable Object> publicMetadata,
			@Nullable Map<String, @Nullable Object> privateMetadata,
			@Nullable Map<String, @Nullable Object> unsafeMetadata) {
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		CreateUserRequest.put(body, "public_metadata", publicMetadata);
		CreateUserRequest.put(body, "private_metadata", privateMetadata);
		CreateUserRequest.put(body, "unsafe_metadata", unsafeMetadata);
		return call(() -> this.restClient.patch()
			.uri("/users/{id}/metadata", userId)
			.body(body)
			.retrieve()
			.body(UserResource.class));
	}

	/**
	 * Makes an address the user's verified primary email ({@code POST /email_addresses}
	 * with {@code verified} and {@code primary}), and optionally deletes their other
	 * addresses.
	 * @param userId the user id
	 * @param email the address
	 * @param removeOthers whether to delete the user's other addresses
	 * @return the user afterwards
	 */
	public UserResource setPrimaryEmail(String userId, String email, boolean removeOthers) {
		EmailAddressResource created = call(() -> this.restClient.post()
			.uri("/email_addresses")
			.body(Map.of("user_id", userId, "email_address", email, "verified", true, "primary", true))
			.retrieve()
			.body(EmailAddressResource.class));
		if (removeOthers) {
			UserResource user = getUser(userId);
			if (user.emailAddresses() != null) {
				for (EmailAddressResource address : user.emailAddresses()) {
					if (address.id() != null && !address.id().equals(created.id())) {
						run(() -> this.restClient.delete()
							.uri("/email_addresses/{id}", address.id())
							.retrieve()
							.toBodilessEntity());
					}
				}
			}
		}
		return getUser(userId);
	}

	/**
	 * {@code POST /sign_in_tokens}: a one-time ticket that signs the user in.
	 * @param userId the user id
	 * @param expiresIn how long the ticket is valid
	 * @return the sign-in token
	 */
	public SignInTokenResource createSignInToken(String userId, java.time.Duration expiresIn) {
		return call(() -> this.restClient.post()
			.uri("/sign_in_tokens")
			.body(Map.of("user_id", userId, "expires_in_seconds", expiresIn.toSeconds()))
			.retrieve()
			.body(SignInTokenResource.class));
	}

	/**
	 * A sign-in link: a URL of the application's sign-in page with the ticket in
	 * {@code __clerk_ticket} (an existing ticket parameter is replaced).
	 * @param signInUrl the sign-in page, for example
	 * {@code https://app.example.com/sign-in}
	 * @param ticket the sign-in token's ticket
	 * @return the link
	 */
	public static String signInLink(String signInUrl, String ticket) {
		return org.springframework.web.util.UriComponentsBuilder.fromUriString(signInUrl)
			.replaceQueryParam("__clerk_ticket", ticket)
			.encode()
			.build()
			.toUriString();
	}

	/**
	 * Makes sure a user with an email exists (creating them without password when not)
	 * and returns a sign-in link for them: onboarding in one call.
	 * @param request the user to create when there is none with its email
	 * @param signInUrl the sign-in page the link points to
	 * @param expiresIn how long the link is valid
	 * @return the user and the link
	 */
	public ProvisionedAccess provisionAccessLink(CreateUserRequest request, String signInUrl,
			java.time.Duration expiresIn) {
		String email = request.emailAddress();
		if (email == null) {
			throw new IllegalArgumentException("An email is needed to provision a user");
		}
		Optional<UserResource> existing = findUserByEmail(email);
		UserResource user = existing.orElseGet(() -> createUser(request));
		SignInTokenResource token = createSignInToken(java.util.Objects.requireNonNull(user.id()), expiresIn);
		return new ProvisionedAccess(user, existing.isEmpty(), token,
				signInLink(signInUrl, java.util.Objects.requireNonNull(token.token())));
	}

	/**
	 * Revokes every active session of a user, through every page of
	 * {@code GET /sessions}.
	 * @param userId the user id
	 * @return how many sessions were revoked
	 */
	public int revokeAllSessions(String userId) {
		List<SessionResource> active = new ArrayList<>();
		for (int offset = 0;; offset += 100) {
			int from = offset;
			List<SessionResource> page = call(() -> this.restClient.get()
				.uri((builder) -> builder.path("/sessions")
					.queryParam("user_id", userId)
					.queryParam("status", "active")
					.queryParam("limit", 100)
					.queryParam("offset", from)
					.build())
				.retrieve()
				.body(new ParameterizedTypeReference<List<SessionResource>>() {
				}));
			active.addAll(page);
			if (page.size() < 100) {
				break;
			}
		}
		for (SessionResource session : active) {
			call(() -> this.restClient.post()
				.uri("/sessions/{id}/revoke", session.id())
				.retrieve()
				.body(SessionResource.class));
		}
		return active.size();
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
			@Nullable Map<String, Object> publicMetadata) {
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("email_address", email);
		CreateUserRequest.put(body, "redirect_url", redirectUrl);
		CreateUserRequest.put(body, "public_metadata", publicMetadata);
		return call(
				() -> this.restClient.post().uri("/invitations").body(body).retrieve().body(InvitationResource.class));
	}

	/**
	 * {@code POST /invitations/{id}/revoke}.
	 * @param invitationId the invitation id
	 * @return the revoked invitation
	 */
	public InvitationResource revokeInvitation(String invitationId) {
		return call(() -> this.restClient.post()
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
		return call(() -> this.restClient.post().uri("/testing_tokens").retrieve().body(TestingTokenResource.class));
	}

	// ---------------------------------------------------------------- organizations

	/**
	 * {@code GET /organization_memberships}: one page of every membership of the
	 * instance.
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 */
	public Page<OrganizationMembershipResource> listAllOrganizationMemberships(int limit, int offset) {
		UserListQuery.checkPage(limit, offset);
		return call(() -> this.restClient.get()
			.uri((builder) -> builder.path("/organization_memberships")
				.queryParam("limit", limit)
				.queryParam("offset", offset)
				.queryParam("order_by", "+created_at")
				.build())
			.retrieve()
			.body(new ParameterizedTypeReference<Page<OrganizationMembershipResource>>() {
			}));
	}

	/**
	 * {@code GET /organizations}: one page of organizations, with their member counts.
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 */
	public Page<OrganizationResource> listOrganizations(int limit, int offset) {
		UserListQuery.checkPage(limit, offset);
		return call(() -> this.restClient.get()
			.uri((builder) -> builder.path("/organizations")
				.queryParam("limit", limit)
				.queryParam("offset", offset)
				.queryParam("order_by", "+created_at")
				.queryParam("include_members_count", true)
				.build())
			.retrieve()
			.body(new ParameterizedTypeReference<Page<OrganizationResource>>() {
			}));
	}

	/**
	 * {@code GET /organizations/{id}}.
	 * @param idOrSlug the organization id or slug
	 * @return the organization
	 * @throws ClerkApiException with status 404 when there is none
	 */
	public OrganizationResource getOrganization(String idOrSlug) {
		return call(() -> this.restClient.get()
			.uri("/organizations/{id}", idOrSlug)
			.retrieve()
			.body(OrganizationResource.class));
	}

	/**
	 * {@code GET /organizations/{id}/memberships}: one page of an organization's
	 * memberships.
	 * @param organizationId the organization id
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 */
	public Page<OrganizationMembershipResource> listOrganizationMemberships(String organizationId, int limit,
			int offset) {
		UserListQuery.checkPage(limit, offset);
		return call(() -> this.restClient.get()
			.uri((builder) -> builder.path("/organizations/{id}/memberships")
				.queryParam("limit", limit)
				.queryParam("offset", offset)
				.build(organizationId))
			.retrieve()
			.body(new ParameterizedTypeReference<Page<OrganizationMembershipResource>>() {
			}));
	}

	/**
	 * {@code GET /organizations/{id}/invitations}: one page of an organization's
	 * invitations.
	 * @param organizationId the organization id
	 * @param status only invitations in this state ({@code pending}, {@code accepted},
	 * {@code revoked}, {@code expired}), or {@code null} for all
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 */
	public Page<OrganizationInvitationResource> listOrganizationInvitations(String organizationId,
			@Nullable String status, int limit, int offset) {
		UserListQuery.checkPage(limit, offset);
		return call(() -> this.restClient.get().uri((builder) -> {
			builder.path("/organizations/{id}/invitations").queryParam("limit", limit).queryParam("offset", offset);
			if (status != null) {
				builder.queryParam("status", status);
			}
			return builder.build(organizationId);
		}).retrieve().body(new ParameterizedTypeReference<Page<OrganizationInvitationResource>>() {
		}));
	}

	/**
	 * Runs a call, turning transport failures into {@link ClerkApiException}s and a
	 * missing body into an error.
	 * @param <T> the result type
	 * @param call the call
	 * @return its result
	 */
	protected <T> T call(java.util.function.Supplier<@Nullable T> call) {
		T result;
		try {
			result = call.get();
		}
		catch (ResourceAccessException ex) {
			throw new ClerkApiException("Clerk's Backend API could not be reached: " + ex.getMostSpecificCause(), ex);
		}
		if (result == null) {
			throw new ClerkApiException(204, List.of(), null, null, "Clerk's Backend API returned no body");
		}
		return result;
	}

	/**
	 * Runs a call that returns nothing, turning transport failures into
	 * {@link ClerkApiException}s.
	 * @param call the call
	 */
	protected void run(Runnable call) {
		try {
			call.run();
		}
		catch (ResourceAccessException ex) {
			throw new ClerkApiException("Clerk's Backend API could not be reached: " + ex.getMostSpecificCause(), ex);
		}
	}

	/**
	 * Waits between retries of a rate-limited call.
	 */
	@FunctionalInterface
	public interface Sleeper {

		/**
		 * Waits.
		 * @param duration how long
		 * @throws InterruptedException when interrupted
		 */
		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * Builds a {@link ClerkApiClient}.
	 */
	public static final class Builder {

		private final String apiUrl;

		private final String secretKey;

		private String apiVersion = "2025-11-10";

		private Duration timeout = Duration.ofSeconds(10);

		private int maxRetries = 3;

		private Duration maxRetryWait = Duration.ofSeconds(60);

		private Sleeper sleeper = (duration) -> Thread.sleep(duration.toMillis());

		private String userAgent = "clerk-users";

		private Builder(String apiUrl, String secretKey) {
			this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
			this.secretKey = secretKey;
		}

		/**
		 * Sets the {@code Clerk-API-Version} header.
		 * @param apiVersion the version, for example {@code 2025-11-10}
		 * @return this builder
		 */
		public Builder apiVersion(String apiVersion) {
			this.apiVersion = apiVersion;
			return this;
		}

		/**
		 * Sets the timeout for connecting and for reading a response.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Sets how many times a 429 is retried.
		 * @param maxRetries the retries
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * Sets the longest Retry-After honoured; a longer one fails at once.
		 * @param maxRetryWait the wait
		 * @return this builder
		 */
		public Builder maxRetryWait(Duration maxRetryWait) {
			this.maxRetryWait = maxRetryWait;
			return this;
		}

		/**
		 * Sets how to wait between retries (tests record instead of waiting).
		 * @param sleeper the sleeper
		 * @return this builder
		 */
		public Builder sleeper(Sleeper sleeper) {
			this.sleeper = sleeper;
			return this;
		}

		/**
		 * Sets the {@code User-Agent} header.
		 * @param userAgent the user agent
		 * @return this builder
		 */
		public Builder userAgent(String userAgent) {
			this.userAgent = userAgent;
			return this;
		}

		/**
		 * Builds the REST client this configuration describes.
		 * @return the REST client
		 */
		public RestClient buildRestClient() {
			HttpClient httpClient = HttpClient.newBuilder().connectTimeout(this.timeout).build();
			JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
			requestFactory.setReadTimeout(this.timeout);
			return RestClient.builder()
				.baseUrl(this.apiUrl)
				.requestFactory(requestFactory)
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + this.secretKey)
				.defaultHeader("Clerk-API-Version", this.apiVersion)
				.defaultHeader(HttpHeaders.USER_AGENT, this.userAgent)
				.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
				.requestInterceptor(new RateLimitRetryInterceptor(this.maxRetries, this.maxRetryWait, this.sleeper))
				.defaultStatusHandler(HttpStatusCode::isError, ClerkApiClient::throwError)
				.build();
		}

		/**
		 * Builds the client.
		 * @return the client
		 */
		public ClerkApiClient build() {
			return new ClerkApiClient(buildRestClient());
		}

		/**
		 * Builds a client of a subclass.
		 * @param <C> the client type
		 * @param factory creates the client from the REST client
		 * @return the client
		 */
		public <C extends ClerkApiClient> C build(Function<RestClient, C> factory) {
			return factory.apply(buildRestClient());
		}

	}

	private static void throwError(HttpRequest request, ClientHttpResponse response) throws IOException {
		int status = response.getStatusCode().value();
		byte[] body = StreamUtils.copyToByteArray(response.getBody());
		List<ClerkApiError> errors = List.of();
		String traceId = response.getHeaders().getFirst("cf-ray");
		try {
			JsonNode json = JsonMapper.shared().readTree(body);
			if (json != null && json.path("errors").isArray()) {
				errors = JsonMapper.shared()
					.convertValue(json.get("errors"), new tools.jackson.core.type.TypeReference<List<ClerkApiError>>() {
					});
			}
			if (json != null && json.path("clerk_trace_id").isString()) {
				traceId = json.get("clerk_trace_id").asString();
			}
		}
		catch (RuntimeException ex) {
			// Not JSON: keep the text in the message below.
		}
		Duration retryAfter = retryAfter(response.getHeaders()).orElse(null);
		String detail = errors.isEmpty() ? new String(body, StandardCharsets.UTF_8)
				: errors.stream().map(ClerkApiError::describe).reduce((a, b) -> a + "; " + b).orElse("");
		URI uri = request.getURI();
		throw new ClerkApiException(status, errors, traceId, retryAfter, "Clerk's Backend API answered " + status
				+ " to " + request.getMethod() + " " + uri.getPath() + ": " + abbreviate(detail));
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	private static Optional<Duration> retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Retries a request answered 429 after its {@code Retry-After}, while retries and the
	 * wait allow.
	 */
	private static final class RateLimitRetryInterceptor implements ClientHttpRequestInterceptor {

		private final int maxRetries;

		private final Duration maxWait;

		private final Sleeper sleeper;

		RateLimitRetryInterceptor(int maxRetries, Duration maxWait, Sleeper sleeper) {
			this.maxRetries = maxRetries;
			this.maxWait = maxWait;
			this.sleeper = sleeper;
		}

		@Override
		public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
				throws IOException {
			for (int attempt = 0;; attempt++) {
				ClientHttpResponse response = execution.execute(request, body);
				if (response.getStatusCode().value() != 429 || attempt >= this.maxRetries) {
					return response;
				}
				Duration wait = retryAfter(response.getHeaders()).orElse(Duration.ofSeconds(1));
				if (wait.compareTo(this.maxWait) > 0) {
					return response;
				}
				response.close();
				logger.info("Clerk rate-limited " + request.getMethod() + " " + request.getURI().getPath()
						+ "; retrying in " + wait.toSeconds() + "s");
				try {
					this.sleeper.sleep(wait);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while waiting to retry a rate-limited call", ex);
				}
			}
		}

	}

}
