package dev.clerkusers.test.backend;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.clerkusers.test.backend.FakeClerkBackend.Request;
import dev.clerkusers.test.backend.FakeClerkBackend.Response;
import org.jspecify.annotations.Nullable;

/**
 * The machine-token part of the {@link FakeClerkBackend}: API keys, machines, opaque M2M
 * tokens and opaque OAuth access tokens, as Clerk's Backend API issues, verifies and
 * revokes them. Verifying an unknown, revoked or expired token answers 404, as
 * {@code @clerk/backend} expects of Clerk (an error status).
 */
final class FakeMachineTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Every token and API key by its secret, and the same objects by id. */
	private final Map<String, Map<String, Object>> bySecret = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Object>> byId = new ConcurrentHashMap<>();

	/** Machines by their secret key. */
	private final Map<String, FakeMachine> machines = new ConcurrentHashMap<>();

	void reset() {
		this.bySecret.clear();
		this.byId.clear();
		this.machines.clear();
	}

	boolean isMachineSecretKey(@Nullable String bearer) {
		return machineOf(bearer).isPresent();
	}

	Optional<FakeMachine> machineOf(@Nullable String bearer) {
		return (bearer != null && bearer.startsWith("Bearer "))
				? Optional.ofNullable(this.machines.get(bearer.substring(7))) : Optional.empty();
	}

	FakeMachine createMachine() {
		return createMachine("ak_" + hex(24));
	}

	FakeMachine createMachine(String secretKey) {
		Objects.requireNonNull(secretKey, "secretKey must not be null");
		if (!secretKey.startsWith("ak_") || secretKey.length() == 3 || !secretKey.matches("[A-Za-z0-9_-]+")) {
			throw new IllegalArgumentException(
					"'" + secretKey + "' is no machine secret key: ak_ followed by" + " letters, digits, _ or -");
		}
		return this.machines.computeIfAbsent(secretKey,
				(key) -> new FakeMachine("mch_" + hex(14).substring(0, 27), key));
	}

	IssuedMachineToken createApiKey(String subject, String name, List<String> scopes,
			@Nullable Map<String, Object> claims, @Nullable Duration expiresIn) {
		Objects.requireNonNull(subject, "subject must not be null");
		requireSubject(subject, "an API key's subject is a user, an organization or a machine", "user_", "org_",
				"mch_");
		Map<String, Object> key = base("api_key", "ak_", subject, scopes, expiresIn);
		key.put("type", "api_key");
		key.put("name", name);
		key.put("description", null);
		key.put("claims", claims);
		key.put("created_by", null);
		key.put("last_used_at", null);
		return store(key, "ak_" + hex(24));
	}

	IssuedMachineToken createM2mToken(FakeMachine machine, List<String> scopes, @Nullable Duration expiresIn) {
		Objects.requireNonNull(machine, "sender must not be null");
		Map<String, Object> token = base("machine_to_machine_token", "mt_", machine.id(), scopes, expiresIn);
		token.put("claims", null);
		token.put("last_used_at", null);
		return store(token, "mt_" + hex(24));
	}

	IssuedMachineToken createOAuthToken(String userId, String clientId, List<String> audiences, List<String> scopes,
			@Nullable Duration expiresIn) {
		Objects.requireNonNull(userId, "userId must not be null");
		requireSubject(userId, "an OAuth access token's subject is a user", "user_");
		Map<String, Object> token = base("clerk_idp_oauth_access_token", "oat_", userId, scopes, expiresIn);
		token.put("client_id", clientId);
		if (!audiences.isEmpty()) {
			token.put("aud", List.copyOf(audiences));
		}
		return store(token, "oat_" + hex(24));
	}

	/**
	 * Refuses a subject that Clerk refuses ({@code ^(user|org|mch)_} for an API key,
	 * {@code ^user_} for an OAuth token), so that a test never makes a token that the
	 * library then refuses as not confirmed by Clerk.
	 */
	private static void requireSubject(String subject, String rule, String... prefixes) {
		for (String prefix : prefixes) {
			if (subject.startsWith(prefix) && subject.length() > prefix.length()) {
				return;
			}
		}
		throw new IllegalArgumentException("'" + subject + "' is refused, as Clerk refuses it: " + rule + " ("
				+ String.join(", ", prefixes) + "…)");
	}

	Optional<String> byToken(@Nullable Object secret) {
		Map<String, Object> token = (secret instanceof String value) ? this.bySecret.get(value) : null;
		return (token != null) ? Optional.of(String.valueOf(token.get("id"))) : Optional.empty();
	}

	Optional<Map<String, Object>> byId(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	void revoke(String id, @Nullable String reason) {
		Map<String, Object> token = this.byId.get(id);
		if (token != null) {
			synchronized (token) {
				token.put("revoked", true);
				token.put("revocation_reason", reason);
				token.put("updated_at", Instant.now().toEpochMilli());
			}
		}
	}

	/**
	 * Refuses an id this fake issued no token under: a token's secret given instead (both
	 * start {@code ak_}), or a made-up id, which revoked or expired nothing and left the
	 * test to blame the application.
	 */
	void requireIssued(String id) {
		Objects.requireNonNull(id, "id must not be null");
		if (this.byId.containsKey(id)) {
			return;
		}
		Map<String, Object> bySecret = this.bySecret.get(id);
		if (bySecret != null) {
			throw new IllegalArgumentException("'" + id.substring(0, Math.min(id.length(), 6)) + "…' is the secret of "
					+ bySecret.get("id") + ", not its id: pass IssuedMachineToken.id()");
		}
		throw new IllegalArgumentException("'" + id + "' is no API key, M2M token or OAuth token this fake issued");
	}

	void expire(String id) {
		Map<String, Object> token = this.byId.get(id);
		if (token != null) {
			synchronized (token) {
				token.put("expiration", Instant.now().minusSeconds(1).toEpochMilli());
				token.put("updated_at", Instant.now().toEpochMilli());
			}
		}
	}

	/**
	 * Answers a verify call: the object without its secret, or 404 when unknown, revoked,
	 * expired, of another kind, or (for M2M with a machine secret key) not for the
	 * calling machine.
	 */
	Response verify(String object, @Nullable Object secret, @Nullable String authorization) {
		Map<String, Object> token = (secret instanceof String value) ? this.bySecret.get(value) : null;
		if (token == null || !object.equals(token.get("object"))) {
			return Response.error(404, "resource_not_found", "No " + object + " was found with this secret");
		}
		synchronized (token) {
			Map<String, Object> view = new LinkedHashMap<>(token);
			long expiration = (view.get("expiration") instanceof Number number) ? number.longValue() : Long.MAX_VALUE;
			view.put("expired", expiration <= Instant.now().toEpochMilli());
			if (Boolean.TRUE.equals(view.get("revoked")) || Boolean.TRUE.equals(view.get("expired"))) {
				return Response.error(404, "resource_not_found", "The " + object + " is revoked or expired");
			}
			FakeMachine caller = machineOf(authorization).orElse(null);
			if (caller != null && !caller.id().equals(view.get("subject"))
					&& !(view.get("scopes") instanceof List<?> scopes && scopes.contains(caller.id()))) {
				return Response.error(404, "resource_not_found", "The token may not call machine " + caller.id());
			}
			return Response.json(200, view);
		}
	}

	Response revokeRoute(String id, Request request) {
		Map<String, Object> token = this.byId.get(id);
		if (token == null) {
			return Response.notFound("token", id);
		}
		Object reason = request.jsonBody().get("revocation_reason");
		revoke(id, (reason instanceof String text) ? text : null);
		Map<String, Object> view = new LinkedHashMap<>(token);
		return Response.json(200, view);
	}

	private static Map<String, Object> base(String object, String idPrefix, String subject, List<String> scopes,
			@Nullable Duration expiresIn) {
		for (String scope : scopes) {
			if (!isScope(scope)) {
				throw new IllegalArgumentException("'" + scope + "' is refused as a scope: the library refuses an"
						+ " answer with a scope that is empty or holds whitespace");
			}
		}
		long now = Instant.now().toEpochMilli();
		Map<String, Object> token = new LinkedHashMap<>();
		token.put("object", object);
		token.put("id", idPrefix + hex(16));
		token.put("subject", subject);
		token.put("scopes", List.copyOf(scopes));
		token.put("revoked", false);
		token.put("revocation_reason", null);
		token.put("expired", false);
		token.put("expiration", (expiresIn != null) ? now + expiresIn.toMillis() : null);
		token.put("created_at", now);
		token.put("updated_at", now);
		return token;
	}

	private IssuedMachineToken store(Map<String, Object> token, String secret) {
		this.bySecret.put(secret, token);
		String id = String.valueOf(token.get("id"));
		this.byId.put(id, token);
		return new IssuedMachineToken(id, secret);
	}

	private static String hex(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	/**
	 * The library's rule for a scope ({@code MachineTokenResource.isScope}), kept here so
	 * that the kit's stand-ins need nothing of the library: not empty, no whitespace.
	 */
	private static boolean isScope(String value) {
		return !value.isEmpty()
				&& value.codePoints().noneMatch((c) -> Character.isWhitespace(c) || Character.isSpaceChar(c));
	}

}
