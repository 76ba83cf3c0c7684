package dev.clerkusers.user;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.webhook.ClerkSessionCreatedEvent;
import dev.clerkusers.webhook.ClerkSessionEndedEvent;
import dev.clerkusers.webhook.ClerkUserCreatedEvent;
import dev.clerkusers.webhook.ClerkUserDeletedEvent;
import dev.clerkusers.webhook.ClerkUserUpdatedEvent;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class ClerkUserTests {

	/**
	 * Black-box run 135: the user's text carried the email address, so an application
	 * that logged a {@link ClerkUserCreatedEvent} (a record, whose text is its
	 * components') wrote the address to its log, where webhooks.md promises that logging
	 * an event does not.
	 */
	@Test
	void itsTextAndItsEventsNameTheUserWithoutAddresses() {
		ClerkUser user = new ClerkUser();
		user.setClerkId("user_1");
		user.setEmail("ada@example.com");
		user.setUsername("ada.lovelace@example.com");
		assertThat(user.toString()).isEqualTo("ClerkUser[uid=" + user.getUid() + ", clerkId=user_1, active=true]");
		JsonNode data = JsonMapper.shared().readTree("""
				{"id": "user_1", "email_addresses": [{"email_address": "ada@example.com"}]}""");
		ClerkWebhookEvent webhook = new ClerkWebhookEvent("msg_1", "user.created", data,
				JsonMapper.shared().createObjectNode().set("data", data), Instant.parse("2026-12-05T12:00:00Z"),
				"ins_1");
		assertThat(new Object[] { new ClerkUserCreatedEvent(user, SyncResult.Outcome.CREATED, webhook),
				new ClerkUserUpdatedEvent(user, SyncResult.Outcome.UPDATED, webhook),
				new ClerkUserDeletedEvent(user, webhook),
				new ClerkSessionCreatedEvent("sess_1", "user_1", user, webhook),
				new ClerkSessionEndedEvent("sess_1", "user_1", user, webhook) })
			.allSatisfy((event) -> assertThat(event.toString()).contains("user_1")
				.doesNotContain("ada@example.com")
				.doesNotContain("ada.lovelace"));
	}

	/**
	 * Black-box runs 232 F3 and 236 F3: a sign-in kept in the HTTP session held its user,
	 * password hash and Clerk's private metadata included, for a session store outside
	 * the JVM to write. Java serialization leaves both behind, and the user read back
	 * still says it has a password; the user in memory keeps both.
	 */
	@Test
	void javaSerializationWritesTheUserWithoutItsPasswordHashOrPrivateMetadata() throws Exception {
		ClerkUser user = new ClerkUser();
		user.setEmail("desk@example.com");
		user.setPassword("{bcrypt}$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234");
		user.setPrivateMetadata(Map.of("stripeKey", "sk_live_PRIVATE_VALUE"));
		user.setPublicMetadata(Map.of("plan", "gold"));
		byte[] bytes = serialize(user);
		assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("desk@example.com")
			.doesNotContain("$2a$10$abcdefghijklmnopqrstuv")
			.doesNotContain("sk_live_PRIVATE_VALUE");
		ClerkUser readBack = deserialize(bytes);
		assertThat(readBack.getUid()).isEqualTo(user.getUid());
		assertThat(readBack.getEmail()).isEqualTo("desk@example.com");
		assertThat(readBack.getPublicMetadata()).containsEntry("plan", "gold");
		assertThat(readBack.getPrivateMetadata()).isEmpty();
		assertThat(readBack.getPassword()).isNull();
		assertThat(readBack.hasPassword()).isTrue();
		assertThat(user.getPassword()).startsWith("{bcrypt}");
		assertThat(user.getPrivateMetadata()).containsEntry("stripeKey", "sk_live_PRIVATE_VALUE");
		ClerkUser withoutPassword = new ClerkUser();
		assertThat(deserialize(serialize(withoutPassword)).hasPassword()).isFalse();
	}

	private static byte[] serialize(ClerkUser user) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(user);
		}
		return bytes.toByteArray();
	}

	private static ClerkUser deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			return (ClerkUser) in.readObject();
		}
	}

	/**
	 * Black-box run 236 F1: with Spring Session's
	 * {@code SpringSessionBackedSessionRegistry}, a session limit never counted a Clerk
	 * sign-in kept in session mode. The registry finds a principal's sessions by the name
	 * Spring Security gives the principal, and a {@code ClerkUser}, neither a
	 * {@code UserDetails} nor a {@code Principal}, is named by its text, while Spring
	 * Session indexes the session by its sign-in's name, the Clerk user id.
	 * authentication.md names it by its Clerk user id, as this registry does.
	 */
	@Test
	void springSessionsRegistryAsDocumentedFindsTheSessionsOfAClerkSignIn() {
		ClerkUser user = new ClerkUser();
		user.setClerkId("user_1");
		long now = Instant.now().getEpochSecond();
		ClerkSessionClaims claims = ClerkSessionClaims
			.fromClaims(Map.of("sub", "user_1", "sid", "sess_1", "exp", now + 60, "iat", now));
		ClerkAuthenticationToken signIn = new ClerkAuthenticationToken(user, claims, null, List.of(), Instant.now());
		PrincipalIndexedSessions sessions = new PrincipalIndexedSessions();
		MapSession session = sessions.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(signIn));
		sessions.save(session);
		assertThat(new SpringSessionBackedSessionRegistry<>(sessions).getAllSessions(user, false))
			.as("Spring Session's registry as it is")
			.isEmpty();
		ClerkSpringSessionRegistry<MapSession> registry = new ClerkSpringSessionRegistry<>(sessions);
		assertThat(registry.getAllSessions(user, false)).extracting(SessionInformation::getSessionId)
			.containsExactly(session.getId());
	}

	/**
	 * authentication.md's registry for Spring Session.
	 */
	static class ClerkSpringSessionRegistry<S extends Session> extends SpringSessionBackedSessionRegistry<S> {

		ClerkSpringSessionRegistry(FindByIndexNameSessionRepository<S> sessions) {
			super(sessions);
		}

		@Override
		protected String name(Object principal) {
			return (principal instanceof ClerkUser user && user.getClerkId() != null) ? user.getClerkId()
					: super.name(principal);
		}

	}

	/**
	 * Sessions in memory, indexed by principal name as Spring Session's JDBC and Redis
	 * repositories index them.
	 */
	static class PrincipalIndexedSessions implements FindByIndexNameSessionRepository<MapSession> {

		private final Map<String, MapSession> sessions = new ConcurrentHashMap<>();

		private final PrincipalNameIndexResolver<MapSession> principalName = new PrincipalNameIndexResolver<>();

		@Override
		public MapSession createSession() {
			return new MapSession();
		}

		@Override
		public void save(MapSession session) {
			this.sessions.put(session.getId(), new MapSession(session));
		}

		@Override
		public MapSession findById(String id) {
			return this.sessions.get(id);
		}

		@Override
		public void deleteById(String id) {
			this.sessions.remove(id);
		}

		@Override
		public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			Map<String, MapSession> found = new LinkedHashMap<>();
			if (PRINCIPAL_NAME_INDEX_NAME.equals(indexName)) {
				this.sessions.forEach((id, session) -> {
					if (indexValue.equals(this.principalName.resolveIndexValueFor(session))) {
						found.put(id, session);
					}
				});
			}
			return found;
		}

	}

}
