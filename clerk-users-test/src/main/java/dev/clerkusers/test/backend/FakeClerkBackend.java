package dev.clerkusers.test.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkInvitationBuilder;
import dev.clerkusers.test.data.ClerkMembershipBuilder;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.data.ClerkRevisioned;
import dev.clerkusers.test.data.ClerkSessionBuilder;
import dev.clerkusers.test.data.ClerkUserBuilder;
import dev.clerkusers.test.token.ClerkTestTokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process fake of Clerk's Backend API (and of the Frontend API's JWKS) on a random
 * local port, over real HTTP. It keeps its state in memory, which tests seed, and records
 * every request, so tests can count API calls.
 *
 * <pre class="code">
 * try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
 *     clerk.addUser(ClerkData.user("user_1").email("ada@example.com"));
 *     String token = clerk.tokens().token("user_1");
 *     // point clerk.api.url at clerk.apiUrl(), clerk.secret-key at clerk.secretKey() …
 * }
 * </pre>
 *
 * Requests must carry {@code Authorization: Bearer <secretKey()>}, as Clerk requires;
 * others are answered 401. Failures can be injected: {@link #rateLimitNext(int, int)},
 * {@link #failNext(int, int)}, {@link #setUnavailable(boolean)}.
 */
public final class FakeClerkBackend implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(FakeClerkBackend.class);

	private static final JsonMapper json = JsonMapper.shared();

	/**
	 * The fields {@code GET /v1/users} sorts by ({@code order_by}).
	 */
	private static final Set<String> USER_ORDER_FIELDS = new LinkedHashSet<>(
			List.of("created_at", "updated_at", "email_address", "web3wallet", "first_name", "last_name",
					"phone_number", "username", "last_active_at", "last_sign_in_at"));

	/** The fields organization listings sort by ({@code order_by}). */
	private static final Set<String> ORGANIZATION_ORDER_FIELDS = new LinkedHashSet<>(
			List.of("name", "created_at", "members_count"));

	/**
	 * The fields membership listings sort by ({@code order_by}); a member's names and
	 * address are read from its {@code public_user_data}.
	 */
	private static final Set<String> MEMBERSHIP_ORDER_FIELDS = new LinkedHashSet<>(
			List.of("created_at", "first_name", "last_name", "username", "email_address", "phone_number"));

	/** The fields invitation listings sort by ({@code order_by}). */
	private static final Set<String> INVITATION_ORDER_FIELDS = new LinkedHashSet<>(
			List.of("created_at", "email_address"));

	/** The query parameters of a page of a listing. */
	private static final Set<String> PAGE_PARAMETERS = new LinkedHashSet<>(List.of("limit", "offset", "order_by"));

	/** The filters of {@code GET /v1/users} and its count that the fake serves. */
	private static final Set<String> USER_FILTERS = new LinkedHashSet<>(List.of("email_address", "user_id", "query"));

	/**
	 * The JDK server's switch for {@code TCP_NODELAY} on the connections it accepts,
	 * {@code false} unless set.
	 */
	static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

	static {
		// The JDK server writes a response's headers and its body in two writes. With
		// Nagle's algorithm on, the body waits until the client acknowledges the headers,
		// and a client delays that acknowledgement (40 ms on Linux) on a kept-alive
		// connection: every call took about 50 ms. The JDK reads the switch once, when
		// its first server starts, so it is set before this class creates one; a value
		// the application set is kept.
		if (System.getProperty(NO_DELAY_PROPERTY) == null) {
			System.setProperty(NO_DELAY_PROPERTY, "true");
		}
	}

	/** The collection of organizations. */
	public static final String ORGANIZATIONS = "organizations";

	/** The collection of organization memberships. */
	public static final String MEMBERSHIPS = "memberships";

	/** The collection of organization invitations. */
	public static final String ORGANIZATION_INVITATIONS = "organizationInvitations";

	/** The collection of sessions. */
	public static final String SESSIONS = "sessions";

	/** The collection of instance invitations. */
	public static final String INVITATIONS = "invitations";

	/** The collection of sign-in tokens. */
	public static final String SIGN_IN_TOKENS = "signInTokens";

	/**
	 * The collection of password digests imported with users, by user id ({@code {digest,
	 * hasher}}).
	 */
	public static final String PASSWORD_DIGESTS = "passwordDigests";

	/** Paths a machine secret key may call, besides the instance's secret key. */
	private static final Pattern MACHINE_KEY_PATHS = Pattern.compile("(/v1)?/m2m_tokens(/.*)?");

	/** The methods of Clerk's Backend API, which a route can answer. */
	private static final Set<String> API_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

	/** One {@code @} between a local part and a domain, no white space. */
	private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");

	private final HttpServer server;

	private final ExecutorService executor;

	private final ClerkTestTokens tokens;

	private final String secretKey;

	private final List<Route> routes = new ArrayList<>();

	/** The routes tests added, in front of the built-in ones until {@link #reset()}. */
	private final List<Route> addedRoutes = new CopyOnWriteArrayList<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	/** Failures of added routes' handlers, until {@link #verifyNoRouteFailures()}. */
	private final List<RouteFailure> routeFailures = new CopyOnWriteArrayList<>();

	private final List<Consumer<RecordedRequest>> afterEachRequest = new CopyOnWriteArrayList<>();

	private final List<Runnable> onReset = new CopyOnWriteArrayList<>();

	private final Map<String, Map<String, @Nullable Object>> users = Collections.synchronizedMap(new LinkedHashMap<>());

	private final Map<String, Map<String, @Nullable Object>> collections = Collections
		.synchronizedMap(new LinkedHashMap<>());

	private final AtomicInteger rateLimited = new AtomicInteger();

	private volatile int retryAfterSeconds;

	private final AtomicInteger failing = new AtomicInteger();

	private volatile int failureStatus = 500;

	private volatile boolean unavailable;

	private final FakeMachineTokens machineTokens = new FakeMachineTokens();

	private FakeClerkBackend(ClerkTestTokens tokens) throws IOException {
		this.tokens = tokens;
		this.secretKey = "sk_test_fake_" + UUID.randomUUID().toString().replace("-", "");
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		// A thread per call in flight, however many: Clerk answers them all at once,
		// so a test of many calls against a slow route sees the library's behaviour,
		// not a queue of the fake's.
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "fake-clerk-backend");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		registerRoutes();
		registerMachineTokenRoutes();
		this.server.start();
	}

	/**
	 * Starts a fake with a new signing key.
	 * @return the running fake
	 */
	public static FakeClerkBackend start() {
		return start(ClerkTestTokens.generate());
	}

	/**
	 * Starts a fake that publishes the keys of these tokens.
	 * @param tokens the instance's signing key
	 * @return the running fake
	 */
	public static FakeClerkBackend start(ClerkTestTokens tokens) {
		try {
			return new FakeClerkBackend(tokens);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the fake Clerk backend", ex);
		}
	}

	/**
	 * The Backend API base URL, for {@code clerk.api.url}.
	 * @return for example {@code http://127.0.0.1:43123/v1}
	 */
	public String apiUrl() {
		return baseUrl() + "/v1";
	}

	/**
	 * The server's base URL; the Frontend API JWKS is at {@code /.well-known/jwks.json}
	 * under it.
	 * @return for example {@code http://127.0.0.1:43123}
	 */
	public String baseUrl() {
		return "http://" + this.server.getAddress().getAddress().getHostAddress() + ":"
				+ this.server.getAddress().getPort();
	}

	/**
	 * The secret key the fake accepts, for {@code clerk.secret-key}.
	 * @return the key
	 */
	public String secretKey() {
		return this.secretKey;
	}

	/**
	 * The instance's signing key and token builder.
	 * @return the tokens
	 */
	public ClerkTestTokens tokens() {
		return this.tokens;
	}

	// ---------------------------------------------------------------- state

	/**
	 * Adds or replaces a user. As a change in Clerk does, this makes a new revision of
	 * the user (see {@link ClerkRevisioned}), so that an event built afterwards from the
	 * same builder is newer than what the fake serves. The fake keeps the user as the
	 * builder is now: a change made to the builder afterwards reaches the fake when the
	 * builder is added again.
	 * @param user the user
	 * @return the same builder
	 */
	public ClerkUserBuilder addUser(ClerkUserBuilder user) {
		this.users.put(user.id(), revision(user));
		return user;
	}

	/**
	 * Adds or replaces a user given as Clerk JSON.
	 * @param user the user object
	 */
	public void putUser(Map<String, @Nullable Object> user) {
		this.users.put((String) user.get("id"), new LinkedHashMap<>(user));
	}

	/**
	 * A stored user.
	 * @param id the user id
	 * @return the user object, if stored
	 */
	public Optional<Map<String, @Nullable Object>> user(String id) {
		return Optional.ofNullable(this.users.get(id));
	}

	/**
	 * All stored users, in insertion order.
	 * @return the user objects
	 */
	public List<Map<String, @Nullable Object>> users() {
		synchronized (this.users) {
			return new ArrayList<>(this.users.values());
		}
	}

	/**
	 * Deletes a user, as deleting it in the Clerk dashboard would: its organization
	 * memberships and its sessions go with it.
	 * @param id the user id
	 */
	public void removeUser(String id) {
		this.users.remove(id);
		// Its memberships and sessions go with it, as in Clerk.
		collection(MEMBERSHIPS).values().removeIf((membership) -> id.equals(userIdOf(membership)));
		collection(SESSIONS).values()
			.removeIf((session) -> session instanceof Map<?, ?> map && id.equals(map.get("user_id")));
	}

	/**
	 * The objects of another collection (organizations, memberships, invitations,
	 * sessions, …), keyed by id.
	 * @param name the collection
	 * @return the live map of the collection
	 */
	public Map<String, @Nullable Object> collection(String name) {
		@SuppressWarnings("unchecked")
		Map<String, @Nullable Object> collection = (Map<String, @Nullable Object>) (Map<String, ?>) this.collections
			.computeIfAbsent(name, (key) -> Collections.synchronizedMap(new LinkedHashMap<>()));
		return collection;
	}

	/**
	 * Adds or replaces an organization, as a new revision of it (see
	 * {@link #addUser(ClerkUserBuilder)}).
	 * @param organization the organization
	 * @return the same builder
	 */
	public ClerkOrganizationBuilder addOrganization(ClerkOrganizationBuilder organization) {
		collection(ORGANIZATIONS).put(organization.id(), revision(organization));
		return organization;
	}

	/**
	 * Adds or replaces a membership, as a new revision of it and of the organization it
	 * carries (see {@link #addUser(ClerkUserBuilder)}); its organization must be added
	 * separately to be listed.
	 * @param membership the membership
	 * @return the same builder
	 */
	public ClerkMembershipBuilder addMembership(ClerkMembershipBuilder membership) {
		membership.organization().revise();
		collection(MEMBERSHIPS).put(membership.id(), revision(membership));
		return membership;
	}

	private static Map<String, @Nullable Object> revision(ClerkRevisioned object) {
		object.revise();
		return object.toMap();
	}

	/**
	 * Removes a membership, as removing a member in the Clerk dashboard would.
	 * @param membershipId the membership id
	 */
	public void removeMembership(String membershipId) {
		collection(MEMBERSHIPS).remove(membershipId);
	}

	/**
	 * Removes an organization, as deleting it in the Clerk dashboard would.
	 * @param organizationId the organization id
	 */
	public void removeOrganization(String organizationId) {
		collection(ORGANIZATIONS).remove(organizationId);
		collection(MEMBERSHIPS).values().removeIf((membership) -> organizationId.equals(organizationIdOf(membership)));
	}

	/**
	 * Adds or replaces an organization invitation, as a new revision of it (see
	 * {@link #addUser(ClerkUserBuilder)}).
	 * @param invitation the invitation
	 * @return the same builder
	 */
	public ClerkInvitationBuilder addInvitation(ClerkInvitationBuilder invitation) {
		collection(ORGANIZATION_INVITATIONS).put(invitation.id(), revision(invitation));
		return invitation;
	}

	/**
	 * Adds or replaces a session, as a new revision of it (see
	 * {@link #addUser(ClerkUserBuilder)}).
	 * @param session the session
	 * @return the same builder
	 */
	public ClerkSessionBuilder addSession(ClerkSessionBuilder session) {
		collection(SESSIONS).put(session.id(), revision(session));
		return session;
	}

	/**
	 * The password digest a user was created with, as {@code {"digest": …, "hasher": …}}.
	 * @param userId the user id
	 * @return the digest, if the user was created with one
	 */
	@SuppressWarnings("unchecked")
	public Optional<Map<String, @Nullable Object>> passwordDigest(String userId) {
		return Optional.ofNullable((Map<String, @Nullable Object>) collection(PASSWORD_DIGESTS).get(userId));
	}

	/**
	 * Forgets every user and object, every recorded request and every injected failure,
	 * routes added with {@link #route(String, String, Handler)} and actions given to
	 * {@link #afterEachRequest(Consumer)} included, then runs the actions registered with
	 * {@link #onReset(Runnable)}.
	 */
	public void reset() {
		this.addedRoutes.clear();
		this.users.clear();
		this.collections.clear();
		this.requests.clear();
		this.rateLimited.set(0);
		this.failing.set(0);
		this.unavailable = false;
		this.afterEachRequest.clear();
		this.machineTokens.reset();
		this.onReset.forEach(Runnable::run);
	}

	/**
	 * Fails when the handler of a route added with
	 * {@link #route(String, String, Handler)} failed (threw, or answered {@code null})
	 * since the last call: the call was answered 500 {@code internal_clerk_error}, which
	 * an application takes for an outage of Clerk's and may handle, so that a test would
	 * pass with a broken route. Forgets the failures it reports. With
	 * {@code @AutoConfigureFakeClerk}, the kit calls it after each test method, so that
	 * the test during which a route failed fails; a fake started by hand is verified by
	 * the test. {@link #reset()} leaves the failures to this method.
	 * @throws AssertionError naming each failed call and its failure, the first failure
	 * as its cause
	 */
	public void verifyNoRouteFailures() {
		List<RouteFailure> failed = new ArrayList<>(this.routeFailures);
		this.routeFailures.removeAll(failed);
		if (!failed.isEmpty()) {
			throw new AssertionError(
					"The fake Clerk's routes failed, and answered 500 internal_clerk_error, which the application"
							+ " may have handled as an outage: "
							+ failed.stream()
								.map((failure) -> failure.call() + ": " + failure.exception())
								.collect(Collectors.joining("; ")),
					failed.get(0).exception());
		}
	}

	/**
	 * A call whose route's handler failed.
	 */
	private record RouteFailure(String call, RuntimeException exception) {
	}

	/**
	 * Runs an action at every {@link #reset()}, after the fake has forgotten its state:
	 * for what the application under test learnt from the fake and should forget between
	 * tests. {@code @AutoConfigureFakeClerk} registers one that makes the application
	 * forget a failed fetch of the key set (it starts over, as at a first start), so that
	 * a failure one test injected does not answer the next test's tokens. Unlike the
	 * fake's state, these actions are kept.
	 * @param action run at each reset
	 */
	public void onReset(Runnable action) {
		this.onReset.add(Objects.requireNonNull(action, "action must not be null: a reset runs it"));
	}

	// ---------------------------------------------------------------- machine tokens

	/**
	 * Issues an API key, as {@code POST /api_keys} does, that never expires.
	 * @param subject the user, organization or machine it belongs to ({@code user_…},
	 * {@code org_…}, {@code mch_…})
	 * @param scopes its scopes
	 * @return its id and secret
	 * @throws IllegalArgumentException when the subject is not a user, an organization or
	 * a machine ({@code user_…}, {@code org_…}, {@code mch_…}), as Clerk refuses it, or a
	 * scope is empty or holds whitespace, as the library refuses a token with one
	 */
	public IssuedMachineToken createApiKey(String subject, String... scopes) {
		return createApiKey(subject, List.of(scopes), null, null);
	}

	/**
	 * Issues an API key, as {@code POST /api_keys} does.
	 * @param subject the user, organization or machine it belongs to
	 * @param scopes its scopes
	 * @param claims its custom claims, or {@code null}
	 * @param expiresIn how long until it expires, or {@code null} for never
	 * @return its id and secret
	 * @throws IllegalArgumentException when the subject is not a user, an organization or
	 * a machine ({@code user_…}, {@code org_…}, {@code mch_…}), as Clerk refuses it, or a
	 * scope is empty or holds whitespace, as the library refuses a token with one
	 */
	public IssuedMachineToken createApiKey(String subject, List<String> scopes,
			@Nullable Map<String, @Nullable Object> claims, @Nullable Duration expiresIn) {
		return this.machineTokens.createApiKey(subject, "test key", scopes, claims, expiresIn);
	}

	/**
	 * Creates a machine, as {@code POST /machines} does, with its machine secret key.
	 * @return the machine
	 */
	public FakeMachine createMachine() {
		return this.machineTokens.createMachine();
	}

	/**
	 * Creates a machine whose machine secret key is the one given, for an application
	 * that verifies M2M tokens with its own machine's key: name the key in the context's
	 * {@code clerk.machine-secret-key}, and create the machine before each test, since a
	 * {@link #reset()} forgets machines. A machine that has this key already is returned
	 * as it is.
	 * @param secretKey the machine secret key, {@code ak_} followed by letters, digits,
	 * {@code _} or {@code -}
	 * @return the machine
	 * @throws IllegalArgumentException when the key is not of that form
	 */
	public FakeMachine createMachine(String secretKey) {
		return this.machineTokens.createMachine(secretKey);
	}

	/**
	 * Issues an opaque M2M token sent by a machine, as {@code POST /m2m_tokens} does with
	 * the machine's secret key; it never expires.
	 * @param sender the sending machine
	 * @param receivers the machines it may call (its scopes)
	 * @return its id and token
	 * @throws IllegalArgumentException when a receiver is empty or holds whitespace
	 */
	public IssuedMachineToken createM2mToken(FakeMachine sender, String... receivers) {
		return this.machineTokens.createM2mToken(sender, List.of(receivers), null);
	}

	/**
	 * Issues an opaque OAuth access token, as Clerk's OAuth authorization-code flow does,
	 * that expires in an hour.
	 * @param userId the user who granted access
	 * @param clientId the OAuth application
	 * @param scopes the scopes granted
	 * @return its id and token
	 * @throws IllegalArgumentException when the subject is not a user ({@code user_…}),
	 * as Clerk refuses it, or a scope is empty or holds whitespace
	 */
	public IssuedMachineToken createOAuthToken(String userId, String clientId, String... scopes) {
		return createOAuthToken(userId, clientId, List.of(), scopes);
	}

	/**
	 * Issues an opaque OAuth access token for given resource servers (its {@code aud}),
	 * that expires in an hour.
	 * @param userId the user who granted access
	 * @param clientId the OAuth application
	 * @param audiences the resource servers the token is for
	 * @param scopes the scopes granted
	 * @return its id and token
	 * @throws IllegalArgumentException when the subject is not a user ({@code user_…}),
	 * as Clerk refuses it, or a scope is empty or holds whitespace
	 */
	public IssuedMachineToken createOAuthToken(String userId, String clientId, List<String> audiences,
			String... scopes) {
		Objects.requireNonNull(clientId, "clientId must not be null: an OAuth token is issued to an application");
		return this.machineTokens.createOAuthToken(userId, clientId, audiences, List.of(scopes), Duration.ofHours(1));
	}

	/**
	 * Revokes an API key, M2M token or OAuth token, as the dashboard or the revoke
	 * endpoints do; verifying it then answers 404.
	 * @param id its id ({@link IssuedMachineToken#id()})
	 * @throws IllegalArgumentException when this fake issued no token of that id (its
	 * secret given instead of its id, say)
	 */
	public void revokeMachineToken(String id) {
		this.machineTokens.requireIssued(id);
		this.machineTokens.revoke(id, "revoked by a test");
	}

	/**
	 * Makes an API key, M2M token or OAuth token expire now.
	 * @param id its id ({@link IssuedMachineToken#id()})
	 * @throws IllegalArgumentException when this fake issued no token of that id (its
	 * secret given instead of its id, say)
	 */
	public void expireMachineToken(String id) {
		this.machineTokens.requireIssued(id);
		this.machineTokens.expire(id);
	}

	/**
	 * An issued API key, M2M or OAuth token as Clerk stores it (without its secret).
	 * @param id its id
	 * @return the object, if issued
	 */
	public Optional<Map<String, @Nullable Object>> machineToken(String id) {
		return this.machineTokens.byId(id).map(LinkedHashMap::new);
	}

	/**
	 * The verify calls received for a kind of machine token, with or without {@code /v1}.
	 * @param path {@code /api_keys/verify}, {@code /m2m_tokens/verify} or
	 * {@code /oauth_applications/access_tokens/verify}
	 * @return the calls
	 */
	public List<RecordedRequest> verifyCalls(String path) {
		return this.requests.stream()
			.filter((request) -> request.method().equals("POST")
					&& (request.path().equals(path) || request.path().equals("/v1" + path)))
			.toList();
	}

	private void registerMachineTokenRoutes() {
		String v = "(?:/v1)?";
		builtIn("POST", v + "/api_keys/verify", (request, params) -> this.machineTokens.verify("api_key",
				request.jsonBody().get("secret"), request.header("authorization")));
		builtIn("POST", v + "/m2m_tokens/verify", (request, params) -> this.machineTokens
			.verify("machine_to_machine_token", request.jsonBody().get("token"), request.header("authorization")));
		builtIn("POST", v + "/oauth_applications/access_tokens/verify",
				(request, params) -> this.machineTokens.verify("clerk_idp_oauth_access_token",
						request.jsonBody().get("access_token"), request.header("authorization")));
		builtIn("POST", v + "/api_keys", (request, params) -> {
			Map<String, @Nullable Object> body = request.jsonBody();
			if (!(body.get("subject") instanceof String subject) || !(body.get("name") instanceof String name)) {
				return Response.error(400, "form_param_missing", "name and subject are required");
			}
			@SuppressWarnings("unchecked")
			List<String> scopes = (body.get("scopes") instanceof List<?> list) ? (List<String>) list : List.of();
			@SuppressWarnings("unchecked")
			Map<String, @Nullable Object> claims = (body.get("claims") instanceof Map<?, ?> map)
					? (Map<String, @Nullable Object>) map : null;
			Duration expiresIn = (body.get("seconds_until_expiration") instanceof Number seconds)
					? Duration.ofSeconds(seconds.longValue()) : null;
			IssuedMachineToken key;
			try {
				key = this.machineTokens.createApiKey(subject, name, scopes, claims, expiresIn);
			}
			catch (IllegalArgumentException ex) {
				return Response.error(422, "form_param_value_invalid", String.valueOf(ex.getMessage()));
			}
			Map<String, @Nullable Object> created = new LinkedHashMap<>(
					this.machineTokens.byId(key.id()).orElseThrow());
			created.put("secret", key.secret());
			return Response.json(200, created);
		});
		builtIn("POST", v + "/m2m_tokens", (request, params) -> {
			FakeMachine sender = this.machineTokens.machineOf(request.header("authorization")).orElse(null);
			if (sender == null) {
				return Response.error(403, "authentication_invalid",
						"M2M tokens are created with a machine secret key");
			}
			IssuedMachineToken token = this.machineTokens.createM2mToken(sender, List.of(), null);
			Map<String, @Nullable Object> created = new LinkedHashMap<>(
					this.machineTokens.byId(token.id()).orElseThrow());
			created.put("token", token.secret());
			return Response.json(201, created);
		});
		builtIn("POST", v + "/api_keys/([^/]+)/revoke",
				(request, params) -> this.machineTokens.revokeRoute(params.get(0), request));
		builtIn("POST", v + "/m2m_tokens/([^/]+)/revoke",
				(request, params) -> this.machineTokens.revokeRoute(params.get(0), request));
		builtIn("POST", v + "/oauth_applications/([^/]+)/revoke_token", (request, params) -> {
			Object token = request.jsonBody().get("token");
			this.machineTokens.byToken(token).ifPresent((id) -> this.machineTokens.revoke(id, null));
			return new Response(204, null, Map.of());
		});
	}

	// ---------------------------------------------------------------- failures

	/**
	 * Answers the next requests 429 with a {@code Retry-After}.
	 * @param count how many requests, none or more
	 * @param retryAfterSeconds the {@code Retry-After} value, zero or more
	 * @throws IllegalArgumentException for a negative count or wait
	 */
	public void rateLimitNext(int count, int retryAfterSeconds) {
		requireCount(count);
		if (retryAfterSeconds < 0) {
			throw new IllegalArgumentException(
					"A Retry-After is zero seconds or more, not " + retryAfterSeconds + ": Clerk never asks for less");
		}
		this.retryAfterSeconds = retryAfterSeconds;
		this.rateLimited.set(count);
	}

	/**
	 * Answers the next requests with an error status.
	 * @param count how many requests, none or more
	 * @param status the status, an error's (400 to 599), for example 500
	 * @throws IllegalArgumentException for a negative count or a status that is no error
	 */
	public void failNext(int count, int status) {
		requireCount(count);
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("A failure is answered with an error status, 400 to 599, not " + status);
		}
		this.failureStatus = status;
		this.failing.set(count);
	}

	private static void requireCount(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("The number of requests to fail is 0 or more, not " + count);
		}
	}

	/**
	 * Answers every request 503 until turned off, as an outage would.
	 * @param unavailable whether Clerk is unavailable
	 */
	public void setUnavailable(boolean unavailable) {
		this.unavailable = unavailable;
	}

	// ---------------------------------------------------------------- request log

	/**
	 * Every request received, in order.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The requests received that match.
	 * @param method the method
	 * @param pathPrefix the start of the path, for example {@code /v1/users}
	 * @return the matching requests
	 */
	public List<RecordedRequest> requests(String method, String pathPrefix) {
		return this.requests.stream()
			.filter((request) -> request.method().equals(method) && request.path().startsWith(pathPrefix))
			.toList();
	}

	/**
	 * Forgets the recorded requests.
	 */
	public void clearRequests() {
		this.requests.clear();
	}

	/**
	 * Runs an action after each request has been answered and before its response is
	 * sent, for changes a test needs in the middle of a sequence of calls: deleting a
	 * user between two pages of a listing, for example. {@link #reset()} forgets it. An
	 * action that throws is a failure of the fake, as a route's handler that throws: the
	 * call is answered all the same, and the failure kept for
	 * {@link #verifyNoRouteFailures()}.
	 * @param action told each request with the status it was answered
	 */
	public void afterEachRequest(Consumer<RecordedRequest> action) {
		this.afterEachRequest.add(Objects.requireNonNull(action, "action must not be null: each request runs it"));
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	// ---------------------------------------------------------------- routing

	/**
	 * Adds a route, for operations a test needs that the fake does not implement, or to
	 * answer one differently; it comes before the routes added earlier and the built-in
	 * ones, until {@link #reset()}.
	 * @param method the HTTP method
	 * @param pathPattern a regular expression over the path, whose groups are passed to
	 * the handler
	 * @param handler answers the request; when it throws, or answers {@code null}, the
	 * call is answered 500 and the failure kept for {@link #verifyNoRouteFailures()}
	 * @throws IllegalArgumentException for a method that Clerk's Backend API has not
	 * (other than {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or
	 * {@code DELETE}, in capitals), or a path that does not start with {@code /v1/} (or
	 * the Frontend API's {@code /.well-known/}), whose route would never be called
	 */
	public void route(String method, String pathPattern, Handler handler) {
		if (!API_METHODS.contains(method)) {
			throw new IllegalArgumentException(
					"Clerk's Backend API is called with GET, POST, PUT, PATCH or DELETE, not '" + method + "'");
		}
		Objects.requireNonNull(handler, "handler must not be null: a route answers with its handler");
		if (!pathPattern.startsWith("/v1/") && !pathPattern.startsWith("/\\.well-known/")
				&& !pathPattern.startsWith("/.well-known/")) {
			throw new IllegalArgumentException(
					"A route's path is a path of Clerk's Backend API, which starts with /v1/ "
							+ "(apiUrl() ends with it), or the Frontend API's /.well-known/; '" + pathPattern
							+ "' would never be called");
		}
		this.addedRoutes.add(0, new Route(method, Pattern.compile(pathPattern), null, handler));
	}

	/**
	 * The added routes, then the built-in ones: the first matching route answers.
	 */
	private List<Route> routes() {
		List<Route> all = new ArrayList<>(this.addedRoutes);
		all.addAll(this.routes);
		return all;
	}

	/**
	 * Adds a built-in route that serves no query parameter; the first matching route
	 * answers.
	 */
	private void builtIn(String method, String pathPattern, Handler handler) {
		builtIn(method, pathPattern, Set.of(), handler);
	}

	/**
	 * Adds a built-in route that serves these query parameters; a call with any other is
	 * answered 501, never answered as if it had not been sent.
	 */
	private void builtIn(String method, String pathPattern, Set<String> parameters, Handler handler) {
		this.routes.add(new Route(method, Pattern.compile(pathPattern), parameters, handler));
	}

	private void registerRoutes() {
		builtIn("GET", "/\\.well-known/jwks\\.json", (request, params) -> Response.json(200, jwks()));
		builtIn("GET", "/v1/jwks", (request, params) -> Response.json(200, jwks()));
		builtIn("GET", "/v1/users", with(PAGE_PARAMETERS, USER_FILTERS), (request, params) -> listUsers(request));
		builtIn("GET", "/v1/users/count", USER_FILTERS, (request, params) -> Response.json(200,
				Map.of("object", "total_count", "total_count", filterUsers(request).size())));
		builtIn("GET", "/v1/users/([^/]+)",
				(request, params) -> user(params.get(0)).map((user) -> Response.json(200, user))
					.orElseGet(() -> Response.notFound("user", params.get(0))));
		builtIn("POST", "/v1/users", (request, params) -> createUser(request.jsonBody()));
		builtIn("PATCH", "/v1/users/([^/]+)", (request, params) -> updateUser(params.get(0), (user) -> {
			Map<String, @Nullable Object> body = request.jsonBody();
			for (String field : List.of("first_name", "last_name", "username", "external_id")) {
				if (body.containsKey(field)) {
					user.put(field, body.get(field));
				}
			}
		}));
		builtIn("PATCH", "/v1/users/([^/]+)/metadata", (request, params) -> updateUser(params.get(0), (user) -> {
			Map<String, @Nullable Object> body = request.jsonBody();
			for (String field : List.of("public_metadata", "private_metadata", "unsafe_metadata")) {
				if (body.get(field) instanceof Map<?, ?> changes) {
					user.put(field, merge(asMap(user.get(field)), asMap(changes)));
				}
			}
		}));
		builtIn("POST", "/v1/email_addresses", (request, params) -> addEmailAddress(request.jsonBody()));
		builtIn("PATCH", "/v1/email_addresses/([^/]+)",
				(request, params) -> updateEmailAddress(params.get(0), request.jsonBody()));
		builtIn("DELETE", "/v1/email_addresses/([^/]+)", (request, params) -> deleteEmailAddress(params.get(0)));
		builtIn("POST", "/v1/sign_in_tokens", (request, params) -> {
			Map<String, @Nullable Object> body = request.jsonBody();
			if (user(String.valueOf(body.get("user_id"))).isEmpty()) {
				return Response.notFound("user", String.valueOf(body.get("user_id")));
			}
			Map<String, @Nullable Object> token = new LinkedHashMap<>();
			token.put("object", "sign_in_token");
			token.put("id", newId("sit_"));
			token.put("user_id", body.get("user_id"));
			token.put("token", "ticket_" + UUID.randomUUID().toString().replace("-", ""));
			token.put("status", "pending");
			token.put("url", null);
			token.put("created_at", Instant.now().toEpochMilli());
			collection(SIGN_IN_TOKENS).put((String) token.get("id"), token);
			return Response.json(200, token);
		});
		builtIn("GET", "/v1/sessions", Set.of("limit", "offset", "user_id", "status", "paginated"),
				(request, params) -> {
					List<Map<String, @Nullable Object>> sessions = objects(SESSIONS).stream()
						.filter((session) -> request.params("user_id").isEmpty()
								|| request.params("user_id").contains(session.get("user_id")))
						.filter((session) -> request.params("status").isEmpty()
								|| request.params("status").contains(session.get("status")))
						.toList();
					List<Map<String, @Nullable Object>> page = Window.of(request).of(sessions);
					// A bare array, as Clerk lists sessions, or the page @clerk/backend
					// asks for
					return Response.json(200, "true".equals(request.param("paginated"))
							? Map.of("data", page, "total_count", sessions.size()) : page);
				});
		builtIn("POST", "/v1/sessions/([^/]+)/revoke", (request, params) -> changeObject(SESSIONS, params.get(0),
				"session", (session) -> session.put("status", "revoked")));
		builtIn("POST", "/v1/invitations", (request, params) -> {
			Map<String, @Nullable Object> body = request.jsonBody();
			Map<String, @Nullable Object> invitation = new LinkedHashMap<>();
			invitation.put("object", "invitation");
			invitation.put("id", newId("inv_"));
			invitation.put("email_address", body.get("email_address"));
			invitation.put("public_metadata", body.getOrDefault("public_metadata", Map.of()));
			invitation.put("revoked", false);
			invitation.put("status", "pending");
			invitation.put("url", body.get("redirect_url"));
			invitation.put("created_at", Instant.now().toEpochMilli());
			invitation.put("updated_at", Instant.now().toEpochMilli());
			collection(INVITATIONS).put((String) invitation.get("id"), invitation);
			return Response.json(200, invitation);
		});
		builtIn("POST", "/v1/invitations/([^/]+)/revoke",
				(request, params) -> changeObject(INVITATIONS, params.get(0), "invitation", (invitation) -> {
					invitation.put("status", "revoked");
					invitation.put("revoked", true);
				}));
		builtIn("POST", "/v1/testing_tokens",
				(request, params) -> Response.json(200,
						Map.of("object", "testing_token", "token",
								"tt_" + UUID.randomUUID().toString().replace("-", ""), "expires_at",
								Instant.now().plusSeconds(3600).getEpochSecond())));
		builtIn("GET", "/v1/organization_memberships", PAGE_PARAMETERS,
				(request, params) -> page(request, objects(MEMBERSHIPS), MEMBERSHIP_ORDER_FIELDS));
		builtIn("GET", "/v1/organizations", with(PAGE_PARAMETERS, Set.of("include_members_count")),
				(request, params) -> listOrganizations(request));
		builtIn("GET", "/v1/organizations/([^/]+)", Set.of("include_members_count"),
				(request, params) -> organization(params.get(0)).map((organization) -> {
					writeMembersCount(List.of(organization), isMembersCountAsked(request));
					return Response.json(200, organization);
				}).orElseGet(() -> Response.notFound("organization", params.get(0))));
		builtIn("GET", "/v1/organizations/([^/]+)/memberships", with(PAGE_PARAMETERS, Set.of("user_id", "role")),
				(request, params) -> organization(params.get(0))
					.map((organization) -> page(request,
							objects(MEMBERSHIPS).stream()
								.filter((m) -> Objects.equals(organization.get("id"), organizationIdOf(m)))
								.filter((m) -> request.params("user_id").isEmpty()
										|| request.params("user_id").contains(userIdOf(m)))
								.filter((m) -> request.params("role").isEmpty()
										|| request.params("role").contains(m.get("role")))
								.toList(),
							MEMBERSHIP_ORDER_FIELDS))
					.orElseGet(() -> Response.notFound("organization", params.get(0))));
		builtIn("GET", "/v1/organizations/([^/]+)/invitations", with(PAGE_PARAMETERS, Set.of("status")),
				(request, params) -> organization(params.get(0))
					.map((organization) -> page(request,
							objects(ORGANIZATION_INVITATIONS).stream()
								.filter((i) -> Objects.equals(organization.get("id"), i.get("organization_id")))
								.filter((i) -> request.params("status").isEmpty()
										|| request.params("status").contains(i.get("status")))
								.toList(),
							INVITATION_ORDER_FIELDS))
					.orElseGet(() -> Response.notFound("organization", params.get(0))));
	}

	/**
	 * An organization by its id or slug, as Clerk's paths take it.
	 */
	private Optional<Map<String, @Nullable Object>> organization(String idOrSlug) {
		return objects(ORGANIZATIONS).stream()
			.filter((organization) -> idOrSlug.equals(organization.get("id"))
					|| idOrSlug.equals(organization.get("slug")))
			.findFirst();
	}

	/**
	 * Organizations, sorted by their members' count too; the count written only when
	 * {@code include_members_count=true} asks for it, as Clerk writes it.
	 */
	private Response listOrganizations(Request request) {
		List<Map<String, @Nullable Object>> organizations = objects(ORGANIZATIONS);
		writeMembersCount(organizations, true);
		Response page = page(request, organizations, ORGANIZATION_ORDER_FIELDS);
		// The copies the page holds, sorted already
		writeMembersCount(organizations, isMembersCountAsked(request));
		return page;
	}

	private static boolean isMembersCountAsked(Request request) {
		return "true".equals(request.param("include_members_count"));
	}

	/**
	 * Writes organizations' (copies') {@code members_count}, counted from the memberships
	 * the fake holds, or leaves it out.
	 */
	private void writeMembersCount(List<Map<String, @Nullable Object>> organizations, boolean written) {
		List<Map<String, @Nullable Object>> memberships = written ? objects(MEMBERSHIPS) : List.of();
		for (Map<String, @Nullable Object> organization : organizations) {
			organization.remove("members_count");
			if (written) {
				organization.put("members_count",
						memberships.stream()
							.filter((m) -> Objects.equals(organization.get("id"), organizationIdOf(m)))
							.count());
			}
		}
	}

	private static Set<String> with(Set<String> first, Set<String> second) {
		Set<String> both = new LinkedHashSet<>(first);
		both.addAll(second);
		return both;
	}

	/**
	 * Whether Clerk takes two addresses for one: regardless of case, as Java folds it
	 * (wider than the library's rule of ASCII letters alone, so that a test sees the
	 * library hold to its own rule when Clerk matches more).
	 */
	private static boolean sameAddress(@Nullable String first, @Nullable String second) {
		return first != null && first.equalsIgnoreCase(second);
	}

	private static Map<String, @Nullable Object> adminVerification() {
		Map<String, @Nullable Object> verification = new LinkedHashMap<>();
		verification.put("object", "verification_admin");
		verification.put("status", "verified");
		verification.put("strategy", "admin");
		verification.put("attempts", null);
		verification.put("expire_at", null);
		return verification;
	}

	@SuppressWarnings("unchecked")
	private Response createUser(Map<String, @Nullable Object> body) {
		List<String> emails = new ArrayList<>();
		if (body.get("email_address") instanceof List<?> list) {
			list.forEach((email) -> emails.add((String) email));
		}
		for (String email : emails) {
			if (!isEmailAddress(email)) {
				return notAnEmailAddress();
			}
		}
		for (Map<String, @Nullable Object> user : users()) {
			for (String email : emails) {
				if (emailsOf(user).stream().anyMatch((taken) -> sameAddress(email, taken))) {
					return identifierExists("email_address", "That email address is taken. Please try another.");
				}
			}
			if (body.get("username") != null && body.get("username").equals(user.get("username"))) {
				return identifierExists("username", "That username is taken. Please try another.");
			}
		}
		if (body.get("password") == null && body.get("password_digest") == null
				&& !Boolean.TRUE.equals(body.get("skip_password_requirement"))) {
			return Response.error(422, "form_password_required", "A password is required");
		}
		String id = newId("user_");
		Instant now = Instant.now();
		ClerkUserBuilder user = ClerkData.user(id)
			.username((String) body.get("username"))
			.externalId((String) body.get("external_id"))
			.name((String) body.get("first_name"), (String) body.get("last_name"))
			.createdAt(now)
			.updatedAt(now);
		for (int i = 0; i < emails.size(); i++) {
			user.email(emails.get(i), true, i == 0);
		}
		if (body.get("public_metadata") instanceof Map<?, ?> metadata) {
			user.publicMetadata(asMap(metadata));
		}
		if (body.get("private_metadata") instanceof Map<?, ?> metadata) {
			user.privateMetadata(asMap(metadata));
		}
		if (body.get("password_digest") != null) {
			collection(PASSWORD_DIGESTS).put(id, Map.of("digest", body.get("password_digest"), "hasher",
					String.valueOf(body.get("password_hasher"))));
		}
		Map<String, @Nullable Object> created = user.toMap();
		if (created.get("email_addresses") instanceof List<?> addresses) {
			// Verified by the Backend API's caller, as Clerk marks them, not by an email
			// code
			for (Object address : addresses) {
				((Map<String, @Nullable Object>) address).put("verification", adminVerification());
			}
		}
		created.put("password_enabled", body.get("password") != null || body.get("password_digest") != null);
		putUser(created);
		return Response.json(200, created);
	}

	/**
	 * Whether a value is shaped as an email address, as far as Clerk's refusal of
	 * malformed ones goes: one {@code @} between a local part and a domain, no spaces.
	 */
	private static boolean isEmailAddress(@Nullable String email) {
		return email != null && EMAIL_ADDRESS.matcher(email).matches();
	}

	private static Response notAnEmailAddress() {
		return Response.error(422, "form_param_format_invalid", "is invalid",
				"email_address must be a valid email address.", Map.of("param_name", "email_address"));
	}

	private static Response identifierExists(String parameter, String message) {
		return Response.error(422, "form_identifier_exists", message, message, Map.of("param_name", parameter));
	}

	private Response updateUser(String id, Consumer<Map<String, @Nullable Object>> change) {
		Map<String, @Nullable Object> user = this.users.get(id);
		if (user == null) {
			return Response.notFound("user", id);
		}
		synchronized (user) {
			change.accept(user);
			user.put("updated_at", Math.max(Instant.now().toEpochMilli(), updatedAt(user) + 1));
		}
		return Response.json(200, user);
	}

	private static long updatedAt(Map<String, @Nullable Object> user) {
		return (user.get("updated_at") instanceof Number number) ? number.longValue() : 0;
	}

	@SuppressWarnings("unchecked")
	private Response addEmailAddress(Map<String, @Nullable Object> body) {
		String email = (String) body.get("email_address");
		if (!isEmailAddress(email)) {
			return notAnEmailAddress();
		}
		for (Map<String, @Nullable Object> user : users()) {
			if (emailsOf(user).stream().anyMatch((existing) -> sameAddress(existing, email))) {
				return identifierExists("email_address", "That email address is taken. Please try another.");
			}
		}
		Map<String, @Nullable Object> address = new LinkedHashMap<>();
		Response[] response = new Response[1];
		Response updated = updateUser(String.valueOf(body.get("user_id")), (user) -> {
			address.put("id", newId("idn_"));
			address.put("object", "email_address");
			address.put("email_address", email);
			address.put("verification", Map.of("object", "verification_admin", "status",
					Boolean.TRUE.equals(body.get("verified")) ? "verified" : "unverified", "strategy", "admin"));
			address.put("linked_to", List.of());
			List<Object> addresses = new ArrayList<>((List<Object>) user.get("email_addresses"));
			addresses.add(address);
			user.put("email_addresses", addresses);
			if (Boolean.TRUE.equals(body.get("primary"))) {
				user.put("primary_email_address_id", address.get("id"));
			}
			response[0] = Response.json(200, address);
		});
		return (response[0] != null) ? response[0] : updated;
	}

	/**
	 * {@code PATCH /email_addresses/{id}}: marks the address verified, and makes it its
	 * user's primary address, as the body says.
	 */
	@SuppressWarnings("unchecked")
	private Response updateEmailAddress(String addressId, Map<String, @Nullable Object> body) {
		for (Map<String, @Nullable Object> user : users()) {
			if (!(user.get("email_addresses") instanceof List<?> addresses)) {
				continue;
			}
			for (int i = 0; i < addresses.size(); i++) {
				if (!addressId.equals(((Map<String, @Nullable Object>) addresses.get(i)).get("id"))) {
					continue;
				}
				// A copy, in a copy of the list: the test's own maps stay as they were.
				Map<String, @Nullable Object> address = new LinkedHashMap<>(
						(Map<String, @Nullable Object>) addresses.get(i));
				if (Boolean.TRUE.equals(body.get("verified"))) {
					address.put("verification",
							Map.of("object", "verification_admin", "status", "verified", "strategy", "admin"));
				}
				List<Object> changed = new ArrayList<>(addresses);
				changed.set(i, address);
				updateUser(String.valueOf(user.get("id")), (stored) -> {
					stored.put("email_addresses", changed);
					if (Boolean.TRUE.equals(body.get("primary"))) {
						stored.put("primary_email_address_id", addressId);
					}
				});
				return Response.json(200, address);
			}
		}
		return Response.notFound("email_address", addressId);
	}

	@SuppressWarnings("unchecked")
	private Response deleteEmailAddress(String addressId) {
		for (Map<String, @Nullable Object> user : users()) {
			List<Object> addresses = new ArrayList<>((List<Object>) user.get("email_addresses"));
			if (addresses
				.removeIf((address) -> addressId.equals(((Map<String, @Nullable Object>) address).get("id")))) {
				Map<String, @Nullable Object> stored = this.users.get(String.valueOf(user.get("id")));
				if (stored != null) {
					synchronized (stored) {
						stored.put("email_addresses", addresses);
					}
				}
				return Response.json(200, Map.of("object", "email_address", "id", addressId, "deleted", true));
			}
		}
		return Response.notFound("email_address", addressId);
	}

	@SuppressWarnings("unchecked")
	private Response changeObject(String collection, String id, String kind,
			Consumer<Map<String, @Nullable Object>> change) {
		Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) collection(collection).get(id);
		if (object == null) {
			return Response.notFound(kind, id);
		}
		synchronized (object) {
			change.accept(object);
			object.put("updated_at", Instant.now().toEpochMilli());
		}
		return Response.json(200, object);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, @Nullable Object> asMap(@Nullable Object value) {
		return (value instanceof Map<?, ?> map) ? new LinkedHashMap<>((Map<String, @Nullable Object>) map)
				: new LinkedHashMap<>();
	}

	/**
	 * Clerk's metadata merge: nested objects are merged, {@code null} removes a key.
	 */
	private static Map<String, @Nullable Object> merge(Map<String, @Nullable Object> existing,
			Map<String, @Nullable Object> changes) {
		Map<String, @Nullable Object> merged = new LinkedHashMap<>(existing);
		changes.forEach((key, value) -> {
			if (value == null) {
				merged.remove(key);
			}
			else if (value instanceof Map<?, ?> nested && merged.get(key) instanceof Map<?, ?> current) {
				merged.put(key, merge(asMap(current), asMap(nested)));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	private static String newId(String prefix) {
		return ClerkData.newId(prefix);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, @Nullable Object>> objects(String collection) {
		synchronized (collection(collection)) {
			return collection(collection).values()
				.stream()
				.map((o) -> new LinkedHashMap<>((Map<String, @Nullable Object>) o))
				.collect(Collectors.toCollection(ArrayList::new));
		}
	}

	@SuppressWarnings("unchecked")
	static @Nullable String userIdOf(Object membership) {
		Object user = ((Map<String, @Nullable Object>) membership).get("public_user_data");
		return (user instanceof Map<?, ?> map) ? (String) map.get("user_id") : null;
	}

	@SuppressWarnings("unchecked")
	static @Nullable String organizationIdOf(Object membership) {
		Object organization = ((Map<String, @Nullable Object>) membership).get("organization");
		return (organization instanceof Map<?, ?> map) ? (String) map.get("id") : null;
	}

	private static Response page(Request request, List<Map<String, @Nullable Object>> all, Set<String> orderFields) {
		Window window = Window.of(request);
		List<Map<String, @Nullable Object>> sorted = new ArrayList<>(all);
		Response refusal = sort(request, sorted, orderFields);
		if (refusal != null) {
			return refusal;
		}
		return Response.json(200, Map.of("data", window.of(sorted), "total_count", sorted.size()));
	}

	/**
	 * Sorts a listing by its {@code order_by} (default {@code -created_at}, as Clerk):
	 * one field, with an optional {@code +} or {@code -} (of several, separated by
	 * commas, the first, as Clerk); objects without a value last ascending and first
	 * descending, as PostgreSQL orders nulls.
	 * @return {@code null} when sorted, or the 422 of a field the listing does not sort
	 * by
	 */
	private static @Nullable Response sort(Request request, List<Map<String, @Nullable Object>> objects,
			Set<String> fields) {
		String orderBy = Optional.ofNullable(request.param("order_by")).orElse("-created_at").split(",", 2)[0];
		boolean descending = orderBy.startsWith("-");
		String field = (descending || orderBy.startsWith("+")) ? orderBy.substring(1) : orderBy;
		if (!fields.contains(field)) {
			return Response.error(422, "form_param_value_invalid", "order_by must be one of " + fields
					+ ", with an optional + or -, not '" + orderBy + "' (was a + sent unencoded?)");
		}
		Comparator<Map<String, @Nullable Object>> order = Comparator.comparing((object) -> sortKey(object, field),
				Comparator.nullsLast(Comparator.naturalOrder()));
		objects.sort(descending ? order.reversed() : order);
		return null;
	}

	private Map<String, @Nullable Object> jwks() {
		return json.readValue(this.tokens.jwksJson(), new TypeReference<Map<String, @Nullable Object>>() {
		});
	}

	private Response listUsers(Request request) {
		Window window = Window.of(request);
		List<Map<String, @Nullable Object>> users = filterUsers(request);
		Response refusal = sort(request, users, USER_ORDER_FIELDS);
		if (refusal != null) {
			return refusal;
		}
		return Response.json(200, window.of(users));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Comparable<Object> sortKey(Map<String, @Nullable Object> object, String field) {
		Object value = switch (field) {
			// A user's first address; an invitation's own
			case "email_address" -> (object.get("email_address") != null) ? object.get("email_address")
					: emailsOf(object).stream().findFirst().orElse(null);
			case "phone_number" -> firstOf(object.get("phone_numbers"), "phone_number");
			case "web3wallet" -> firstOf(object.get("web3_wallets"), "web3_wallet");
			default -> object.get(field);
		};
		if (value == null && object.get("public_user_data") instanceof Map<?, ?> member) {
			// A membership, by its member
			value = member.get(field.equals("email_address") ? "identifier" : field);
		}
		if (value instanceof Number number) {
			value = number.longValue();
		}
		return (value instanceof Comparable<?> comparable) ? (Comparable<Object>) comparable : null;
	}

	private static @Nullable Object firstOf(@Nullable Object list, String key) {
		return (list instanceof List<?> items && !items.isEmpty() && items.get(0) instanceof Map<?, ?> first)
				? first.get(key) : null;
	}

	private List<Map<String, @Nullable Object>> filterUsers(Request request) {
		List<String> emails = request.params("email_address");
		List<String> ids = request.params("user_id");
		String query = request.param("query");
		Predicate<Map<String, @Nullable Object>> filter = (user) -> (ids.isEmpty() || ids.contains(user.get("id")))
				&& (emails.isEmpty() || emailsOf(user).stream()
					.anyMatch((email) -> emails.stream().anyMatch((wanted) -> sameAddress(wanted, email))))
				&& (query == null || query.isEmpty() || matches(user, query));
		return users().stream().filter(filter).collect(Collectors.toCollection(ArrayList::new));
	}

	/**
	 * Whether a user matches {@code query} as Clerk matches it: part of its id, an email
	 * address, a phone number, a Web3 wallet, its username, first or last name, in any
	 * case.
	 */
	private static boolean matches(Map<String, @Nullable Object> user, String query) {
		List<@Nullable Object> values = new ArrayList<>(List.of(emailsOf(user)));
		values.add(user.get("id"));
		values.add(user.get("username"));
		values.add(user.get("first_name"));
		values.add(user.get("last_name"));
		values.addAll(valuesOf(user.get("phone_numbers"), "phone_number"));
		values.addAll(valuesOf(user.get("web3_wallets"), "web3_wallet"));
		String wanted = query.toLowerCase(Locale.ROOT);
		return values.stream()
			.anyMatch((value) -> value != null && value.toString().toLowerCase(Locale.ROOT).contains(wanted));
	}

	private static List<@Nullable Object> valuesOf(@Nullable Object list, String key) {
		List<@Nullable Object> values = new ArrayList<>();
		if (list instanceof List<?> items) {
			items.forEach((item) -> values.add((item instanceof Map<?, ?> map) ? map.get(key) : null));
		}
		return values;
	}

	@SuppressWarnings("unchecked")
	static List<String> emailsOf(Map<String, @Nullable Object> user) {
		Object addresses = user.get("email_addresses");
		if (!(addresses instanceof List<?> list)) {
			return List.of();
		}
		return list.stream()
			.map((address) -> (String) ((Map<String, @Nullable Object>) address).get("email_address"))
			.toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		Request request;
		try (InputStream in = exchange.getRequestBody()) {
			request = Request.of(exchange, in.readAllBytes());
		}
		Response response = respond(request);
		byte[] body = (response.body() != null) ? json.writeValueAsBytes(response.body()) : new byte[0];
		RecordedRequest recorded = new RecordedRequest(request.method(), request.path(), request.query(),
				request.headers(), request.body(), response.status());
		this.requests.add(recorded);
		for (Consumer<RecordedRequest> action : this.afterEachRequest) {
			try {
				action.accept(recorded);
			}
			catch (RuntimeException ex) {
				logger.warn("An action after each request failed on " + request.method() + " " + request.path(), ex);
				this.routeFailures.add(new RouteFailure(request.method() + " " + request.path(), ex));
			}
		}
		response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		if (response.body() != null) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
		}
		exchange.sendResponseHeaders(response.status(), (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		exchange.close();
	}

	private Response respond(Request request) {
		if (this.unavailable) {
			return Response.error(503, "service_unavailable", "Clerk is unavailable");
		}
		if (this.rateLimited.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			return Response.error(429, "too_many_requests", "Too many requests")
				.withHeader("Retry-After", Integer.toString(this.retryAfterSeconds));
		}
		if (this.failing.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			return Response.error(this.failureStatus, "internal_clerk_error", "Injected failure");
		}
		boolean frontendApi = request.path().startsWith("/.well-known/");
		boolean machineKey = MACHINE_KEY_PATHS.matcher(request.path()).matches()
				&& this.machineTokens.isMachineSecretKey(request.header("authorization"));
		if (!frontendApi && !machineKey && !("Bearer " + this.secretKey).equals(request.header("authorization"))) {
			return Response.error(401, "clerk_key_invalid",
					"The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.");
		}
		for (Route route : routes()) {
			if (!route.method().equals(request.method())) {
				continue;
			}
			Matcher matcher = route.pattern().matcher(request.path());
			if (matcher.matches()) {
				Response notServed = parameterNotServed(route, request);
				if (notServed != null) {
					return notServed;
				}
				List<String> groups = new ArrayList<>();
				for (int i = 1; i <= matcher.groupCount(); i++) {
					groups.add(URLDecoder.decode(matcher.group(i), StandardCharsets.UTF_8));
				}
				try {
					return Objects.requireNonNull(route.handler().handle(request, groups),
							() -> "The route for " + route.method() + " " + route.pattern()
									+ " answered no response (null); a Handler returns a Response");
				}
				catch (RefusedParameterException ex) {
					return Response.error(422, "form_param_value_invalid", ex.reason);
				}
				catch (RuntimeException ex) {
					// Answered as Clerk would answer its own failure, and logged: a
					// failure of the fake must not pass
					// unnoticed as an outage the application handles.
					logger.warn("The fake Clerk failed on " + request.method() + " " + request.path(), ex);
					this.routeFailures.add(new RouteFailure(request.method() + " " + request.path(), ex));
					return Response.error(500, "internal_clerk_error", String.valueOf(ex));
				}
			}
		}
		// Not Clerk's 404, which says that an object does not exist: a call the fake does
		// not serve must not pass for that answer
		logger.warn("The fake Clerk does not serve " + request.method() + " " + request.path()
				+ "; answer it with route(method, pathPattern, handler)");
		return Response.error(501, "fake_endpoint_not_served", "The fake Clerk does not serve " + request.method() + " "
				+ request.path() + "; answer it with FakeClerkBackend.route(method, pathPattern, handler)");
	}

	/**
	 * The 501 of a query parameter a built-in route does not serve. Were it answered as
	 * if it had not been sent, a filter would list what Clerk leaves out, and a cursor
	 * the same page for ever.
	 */
	private static @Nullable Response parameterNotServed(Route route, Request request) {
		if (route.parameters() == null) {
			return null;
		}
		for (String name : request.query().keySet()) {
			if (!route.parameters().contains(name)) {
				String message = "The fake Clerk does not serve the parameter '" + name + "' of " + request.method()
						+ " " + request.path() + " (it serves "
						+ (route.parameters().isEmpty() ? "none" : String.join(", ", route.parameters()))
						+ "); answer the call with FakeClerkBackend.route(method, pathPattern, handler)";
				logger.warn(message);
				return Response.error(501, "fake_parameter_not_served", message);
			}
		}
		return null;
	}

	/**
	 * Answers a request to a route.
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Answers a request.
		 * @param request the request
		 * @param pathGroups the groups the route's path pattern captured
		 * @return the response
		 */
		Response handle(Request request, List<String> pathGroups);

	}

	/**
	 * A route; {@code parameters} are the query parameters a built-in route serves, and
	 * {@code null} for a route a test added, which is given every parameter.
	 */
	private record Route(String method, Pattern pattern, @Nullable Set<String> parameters, Handler handler) {
	}

	/**
	 * The page a listing's {@code limit} (1 to 500, default 10) and {@code offset} (not
	 * negative, default 0) ask for.
	 */
	private record Window(int limit, int offset) {

		static Window of(Request request) {
			int limit = request.intParam("limit", 10);
			int offset = request.intParam("offset", 0);
			if (limit < 1 || limit > 500) {
				throw new RefusedParameterException("limit must be between 1 and 500, not " + limit);
			}
			if (offset < 0) {
				throw new RefusedParameterException("offset must not be negative, not " + offset);
			}
			return new Window(limit, offset);
		}

		<T> List<T> of(List<T> all) {
			return all.subList(Math.min(this.offset, all.size()), Math.min(this.offset + this.limit, all.size()));
		}

	}

	/**
	 * A query parameter Clerk refuses, answered 422 {@code form_param_value_invalid}.
	 */
	private static final class RefusedParameterException extends RuntimeException {

		private final String reason;

		RefusedParameterException(String reason) {
			super(reason);
			this.reason = reason;
		}

	}

	/**
	 * A request to the fake.
	 *
	 * @param method the HTTP method
	 * @param path the path
	 * @param query the query parameters
	 * @param headers the headers, names in lower case
	 * @param body the body, or {@code null}
	 */
	public record Request(String method, String path, Map<String, List<String>> query,
			Map<String, List<String>> headers, @Nullable String body) {

		static Request of(HttpExchange exchange, byte[] body) {
			Map<String, List<String>> query = new LinkedHashMap<>();
			String raw = exchange.getRequestURI().getRawQuery();
			if (raw != null) {
				for (String pair : raw.split("&")) {
					if (pair.isEmpty()) {
						continue;
					}
					int eq = pair.indexOf('=');
					String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
					String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
					if (name.endsWith("[]")) {
						name = name.substring(0, name.length() - 2);
					}
					query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
				}
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
			return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query, headers,
					(body.length > 0) ? new String(body, StandardCharsets.UTF_8) : null);
		}

		/**
		 * The first value of a query parameter.
		 * @param name the parameter
		 * @return the value, or {@code null}
		 */
		public @Nullable String param(String name) {
			List<String> values = this.query.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		/**
		 * Every value of a query parameter.
		 * @param name the parameter
		 * @return the values
		 */
		public List<String> params(String name) {
			return this.query.getOrDefault(name, List.of());
		}

		/**
		 * An integer query parameter. A value that is not an integer ends the request: it
		 * is answered 422 {@code form_param_value_invalid}, as Clerk answers it.
		 * @param name the parameter
		 * @param defaultValue the value when absent
		 * @return the value
		 */
		public int intParam(String name, int defaultValue) {
			String value = param(name);
			if (value == null) {
				return defaultValue;
			}
			try {
				return Integer.parseInt(value);
			}
			catch (NumberFormatException ex) {
				throw new RefusedParameterException(name + " must be an integer, not '" + value + "'");
			}
		}

		/**
		 * The first value of a header.
		 * @param name the name, in any case
		 * @return the value, or {@code null}
		 */
		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		/**
		 * The JSON body.
		 * @return the body as a map, empty when there is none
		 */
		public Map<String, @Nullable Object> jsonBody() {
			if (this.body == null || this.body.isBlank()) {
				return new LinkedHashMap<>();
			}
			return json.readValue(this.body, new TypeReference<LinkedHashMap<String, @Nullable Object>>() {
			});
		}

	}

	/**
	 * A response of the fake.
	 *
	 * @param status the status
	 * @param body the JSON body, or {@code null}
	 * @param headers extra headers
	 */
	public record Response(int status, @Nullable Object body, Map<String, String> headers) {

		/**
		 * A JSON response.
		 * @param status the status
		 * @param body the body, written as JSON: a map or a resource as an object, a
		 * {@code String} as a JSON string (give JSON text as a parsed map, such as
		 * {@code ClerkTestTokens.jwksJson()} read into one)
		 * @return the response
		 */
		public static Response json(int status, Object body) {
			return new Response(status, body, Map.of());
		}

		/**
		 * A Clerk error response.
		 * @param status the status
		 * @param code Clerk's error code
		 * @param message the message
		 * @return the response
		 */
		public static Response error(int status, String code, String message) {
			return error(status, code, message, message, Map.of());
		}

		/**
		 * An error in Clerk's shape with its long message and {@code meta} (the parameter
		 * a form error is about).
		 */
		static Response error(int status, String code, String message, String longMessage, Map<String, ?> meta) {
			Map<String, @Nullable Object> error = new LinkedHashMap<>();
			error.put("message", message);
			error.put("long_message", longMessage);
			error.put("code", code);
			error.put("meta", meta);
			return json(status, Map.of("errors", List.of(error), "clerk_trace_id", "trace_" + UUID.randomUUID()));
		}

		/**
		 * Clerk's 404 for a missing resource.
		 * @param kind the resource kind
		 * @param id its id
		 * @return the response
		 */
		public static Response notFound(String kind, String id) {
			return error(404, "resource_not_found", "No " + kind + " was found with id " + id);
		}

		/**
		 * A copy with one more header.
		 * @param name the header
		 * @param value the value
		 * @return the response
		 */
		public Response withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Response(this.status, this.body, headers);
		}

	}

}
