package dev.clerkusers.it.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.sync.SyncRunLock;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's Actuator endpoints behind its default filter chain, exposed as the docs
 * show: a signed-in end user reaches none of them; staff read them; only a superuser runs
 * a sync or push, and never two at once. The application names its JSON properties in
 * snake case: the endpoints keep their own shape, as Spring Boot's endpoints do.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"management.endpoints.web.exposure.include=clerksync,clerkpush,clerkwebhooks,env,configprops,loggers",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"spring.jackson.property-naming-strategy=SNAKE_CASE" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
@ExtendWith(OutputCaptureExtension.class)
class OperatorEndpointsTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	SyncRunLock runLock;

	@Test
	void onlyStaffReadAndOnlySuperusersRunOperations() {
		String user = token("user_plain", false, false);
		String staff = token("user_staff", true, false);
		String superuser = token("user_super", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		Response refused = api.get("/actuator/clerkwebhooks", "Authorization", user);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");
		assertThat(post(api, "/actuator/clerksync", "{\"reconcile\": true}", user).status()).isEqualTo(403);
		assertThat(post(api, "/actuator/clerkpush", "{}", user).status()).isEqualTo(403);
		assertThat(post(api, "/actuator/clerkwebhooks", "{}", user).status()).isEqualTo(403);
		assertThat(api.get("/actuator/clerkwebhooks", "Authorization", staff).status()).isEqualTo(200);
		assertThat(post(api, "/actuator/clerksync", "{}", staff).status()).isEqualTo(403);
		Response sync = post(api, "/actuator/clerksync", "{\"dryRun\": true}", superuser);
		assertThat(sync.status()).isEqualTo(200);
		assertThat(sync.body()).contains("users");
	}

	/**
	 * Black-box run 319 F1: Spring Boot's other endpoints were open to any signed-in
	 * user, which with Clerk is anyone who signs up: an end user set a logger to TRACE
	 * and read the environment. They follow the library's endpoints' rules.
	 */
	@Test
	void springBootsOtherEndpointsAreReadByStaffAndChangedBySuperusers() {
		String user = token("user_reader", false, false);
		String staff = token("user_staff_reader", true, false);
		String superuser = token("user_super_writer", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		String level = "{\"configuredLevel\": \"DEBUG\"}";
		assertThat(api.get("/actuator/env", "Authorization", user).status()).isEqualTo(403);
		assertThat(api.get("/actuator/loggers", "Authorization", user).status()).isEqualTo(403);
		assertThat(post(api, "/actuator/loggers/dev.clerkusers.it", level, user).status()).isEqualTo(403);
		assertThat(api.get("/actuator/loggers", "Authorization", staff).status()).isEqualTo(200);
		assertThat(post(api, "/actuator/loggers/dev.clerkusers.it", level, staff).status()).isEqualTo(403);
		assertThat(post(api, "/actuator/loggers/dev.clerkusers.it", "{\"configuredLevel\": null}", superuser).status())
			.isEqualTo(204);
	}

	/**
	 * A staff superuser without a Clerk account, as the create-superuser command makes
	 * one, calls them from a form-login session: the default chain has no HTTP Basic, and
	 * the session's POST carries the CSRF token read from the login page, as
	 * operations.md says.
	 */
	/**
	 * Black-box run 174: an anonymous {@code POST} is refused 403 by Spring Security's
	 * CSRF check before it could be asked to sign in, as operations.md says, and nothing
	 * runs.
	 */
	@Test
	void anAnonymousWriteIsRefusedByTheCsrfCheckAndRunsNothing() {
		int calls = this.clerk.requests().size();
		Response anonymous = HttpTestClient.api(this.port)
			.post("/actuator/clerksync", "{}", "Content-Type", "application/json");
		assertThat(anonymous.status()).isEqualTo(403);
		assertThat(this.clerk.requests()).as("no call to Clerk").hasSize(calls);
	}

	@Test
	void aStaffSuperuserSignedInWithTheFormRunsThemWithTheSessionsCsrfToken() {
		this.accounts.createSuperuser("operator@example.com", "operator-password-1");
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api
			.get("/actuator/clerkwebhooks", "Authorization",
					HttpHeaders.encodeBasicAuth("operator@example.com", "operator-password-1", StandardCharsets.UTF_8))
			.status()).isEqualTo(401);
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.formLogin("operator@example.com", "operator-password-1").status()).isEqualTo(302);
		assertThat(browser.get("/actuator/clerkwebhooks").status()).isEqualTo(200);
		String json = "application/json";
		assertThat(browser.post("/actuator/clerksync", "{\"dryRun\": true}", "Content-Type", json).status())
			.isEqualTo(403);
		Response sync = browser.post("/actuator/clerksync", "{\"dryRun\": true}", "Content-Type", json, "X-CSRF-TOKEN",
				browser.csrfToken());
		assertThat(sync.status()).as(sync.body()).isEqualTo(200);
		assertThat(sync.json().path("summaries").path(0).path("dryRun").asBoolean()).as(sync.body()).isTrue();
	}

	@Test
	void theEndpointsKeepTheirShapeWhateverTheApplicationsJacksonSettings() {
		String superuser = token("user_super7", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		Response sync = post(api, "/actuator/clerksync", "{\"dryRun\": true}", superuser);
		assertThat(sync.status()).as(sync.body()).isEqualTo(200);
		assertThat(sync.json().path("summaries").path(0).has("apiCalls")).as(sync.body()).isTrue();
		assertThat(sync.json().path("summaries").path(0).path("dryRun").asBoolean()).as(sync.body()).isTrue();
		Response last = api.get("/actuator/clerksync", "Authorization", superuser);
		assertThat(last.json().path("summaries").path(0).has("apiCalls")).as(last.body()).isTrue();
		Response push = post(api, "/actuator/clerkpush", "{\"dryRun\": true}", superuser);
		assertThat(push.status()).as(push.body()).isEqualTo(200);
		assertThat(push.json().has("withPassword")).as(push.body()).isTrue();
		Response refused = post(api, "/actuator/clerkpush", "{\"createdBefore\": \"yesterday\"}", superuser);
		assertThat(refused.json().path("status").asString()).as(refused.body()).isEqualTo("invalid");
		String event = failedDelivery();
		Response reprocessed = post(api, "/actuator/clerkwebhooks", "{\"id\": \"" + event + "\"}", superuser);
		assertThat(reprocessed.json().path(0).path("eventId").asString()).as(reprocessed.body()).isEqualTo(event);
		Response dismissed = api.send("DELETE", "/actuator/clerkwebhooks/" + event, null, "Authorization", superuser);
		assertThat(dismissed.json().path("eventId").asString()).as(dismissed.body()).isEqualTo(event);
		assertThat(api.get("/actuator/clerkwebhooks", "Authorization", superuser)
			.json()
			.path("recent")
			.path(0)
			.has("receivedAt")).isTrue();
	}

	/**
	 * The answers have the fields operations.md names, which are API (versioning.md);
	 * black-box run 220 had to print them to learn them.
	 */
	@Test
	void theAnswersHaveTheFieldsOperationsMdNames() {
		String superuser = token("user_super9", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		String event = failedDelivery();
		JsonNode inbox = api.get("/actuator/clerkwebhooks", "Authorization", superuser).json();
		assertThat(inbox.propertyNames()).containsExactly("counts", "recent", "failed");
		assertThat(inbox.path("counts").propertyNames()).containsExactlyInAnyOrder("received", "processed", "ignored",
				"failed");
		assertThat(inbox.path("recent").path(0).propertyNames()).as("processedAt is left out until processed")
			.containsExactly("id", "type", "status", "attempts", "lastError", "receivedAt");
		assertThat(inbox.path("failed").path(0).asString()).isEqualTo(event);
		JsonNode reprocessed = post(api, "/actuator/clerkwebhooks", "{\"id\": \"" + event + "\"}", superuser).json();
		assertThat(reprocessed.path(0).propertyNames()).containsExactly("eventId", "type", "status", "error");
		JsonNode dismissed = api.send("DELETE", "/actuator/clerkwebhooks/" + event, null, "Authorization", superuser)
			.json();
		assertThat(dismissed.propertyNames()).as("error is left out when there is none")
			.containsExactly("eventId", "type", "status");
		assertThat(dismissed.path("status").asString()).isEqualTo("ignored");
		String[] summary = { "step", "processed", "created", "linked", "updated", "unchanged", "deactivated", "failed",
				"pages", "apiCalls", "duration", "failures", "dryRun" };
		JsonNode sync = post(api, "/actuator/clerksync", "{\"dryRun\": true}", superuser).json();
		assertThat(sync.propertyNames()).containsExactly("summaries");
		assertThat(sync.path("summaries").path(0).propertyNames()).containsExactly(summary);
		assertThat(sync.path("summaries").path(0).path("step").asString()).isEqualTo("users");
		assertThat(api.get("/actuator/clerksync", "Authorization", superuser).json()).isEqualTo(sync);
		JsonNode push = post(api, "/actuator/clerkpush", "{\"dryRun\": true}", superuser).json();
		assertThat(push.propertyNames()).containsExactly("processed", "created", "linked", "withPassword",
				"withoutPassword", "failed", "conflicts", "duration", "dryRun");
	}

	/**
	 * An event that is not stored (a mistyped id, or one whose first delivery has not
	 * committed yet) is answered 404 with the reason, not 500.
	 */
	@Test
	void reprocessingOrDismissingAnEventThatIsNotStoredIsAnswered404() {
		String superuser = token("user_super8", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		Response reprocessed = post(api, "/actuator/clerkwebhooks", "{\"id\": \"msg_never_received\"}", superuser);
		assertThat(reprocessed.status()).as(reprocessed.body()).isEqualTo(404);
		assertThat(reprocessed.json().path("status").asString()).isEqualTo("unknown");
		assertThat(reprocessed.json().path("message").asString()).contains("msg_never_received")
			.as("an event whose first delivery is still being processed is not stored yet either")
			.contains("first delivery is still being processed");
		Response dismissed = api.send("DELETE", "/actuator/clerkwebhooks/msg_never_received", null, "Authorization",
				superuser);
		assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(404);
		assertThat(dismissed.json().path("message").asString()).contains("msg_never_received");
		// Black-box run 82 F4: an id with a NUL character (which no delivery's svix-id
		// holds) reached PostgreSQL, which refused it: 500.
		Response nul = post(api, "/actuator/clerkwebhooks", "{\"id\": \"msg_\\u0000\"}", superuser);
		assertThat(nul.status()).as(nul.body()).isEqualTo(404);
		assertThat(nul.json().path("status").asString()).isEqualTo("unknown");
	}

	/**
	 * What operations.md says of a POST's body: none, without a {@code Content-Type}, is
	 * 415 and runs nothing; an empty one sent as JSON is taken for {@code {}}, every
	 * option at its default (for a push, every user).
	 */
	@Test
	void aPostWithoutABodyIs415AndAnEmptyJsonBodyIsTakenForAnEmptyObject() {
		String superuser = token("user_super9", true, true);
		this.accounts.createSuperuser("empty-body@example.com", "staff-password-1");
		HttpTestClient api = HttpTestClient.api(this.port);
		Response withoutBody = api.send("POST", "/actuator/clerkpush", null, "Authorization", superuser);
		assertThat(withoutBody.status()).as(withoutBody.body()).isEqualTo(415);
		assertThat(this.clerk.users()).noneMatch((user) -> user.toString().contains("empty-body@example.com"));
		Response push = post(api, "/actuator/clerkpush", "", superuser);
		assertThat(push.status()).as(push.body()).isEqualTo(200);
		assertThat(push.json().path("dryRun").asBoolean()).as(push.body()).isFalse();
		assertThat(this.clerk.users()).anyMatch((user) -> user.toString().contains("empty-body@example.com"));
		Response sync = post(api, "/actuator/clerksync", "", superuser);
		assertThat(sync.status()).as(sync.body()).isEqualTo(200);
		assertThat(sync.json().path("summaries").path(0).path("dryRun").asBoolean()).as(sync.body()).isFalse();
	}

	/**
	 * Delivers a signed body that is no Clerk event, kept as failed.
	 * @return its Svix message id
	 */
	private String failedDelivery() {
		String body = "not json";
		Map<String, String> headers = ClerkWebhookSigner.test().sign(body);
		assertThat(
				ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk").post(body, headers).status())
			.isEqualTo(200);
		return headers.get("svix-id");
	}

	@Test
	void aSecondSyncOrPushWhileOneRunsIsRefusedWith409() {
		String superuser = token("user_super2", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		this.runLock.run("test", () -> {
			Response sync = post(api, "/actuator/clerksync", "{}", superuser);
			assertThat(sync.status()).isEqualTo(409);
			assertThat(sync.json().path("status").asString()).isEqualTo("running");
			assertThat(post(api, "/actuator/clerkpush", "{\"dryRun\": true}", superuser).status()).isEqualTo(409);
			return null;
		});
		assertThat(post(api, "/actuator/clerksync", "{\"dryRun\": true}", superuser).status()).isEqualTo(200);
	}

	/**
	 * Black-box run 203, F1: a run ended by an outage, a guard or Clerk's refusal was
	 * answered with why, and not logged, while operations.md promises the log tells of
	 * it: only the caller of the endpoint learned why the run stopped.
	 */
	@Test
	void anOutageOfClerkWhileReconcileConfirmsIsAnswered503Aborted(CapturedOutput output) {
		String superuser = token("user_super5", true, true);
		token("user_gone_in_clerk", false, false);
		this.clerk.removeUser("user_gone_in_clerk");
		AtomicBoolean listed = new AtomicBoolean();
		this.clerk.afterEachRequest((request) -> {
			if (request.path().equals("/v1/users") && request.queryParam("user_id") == null
					&& listed.compareAndSet(false, true)) {
				this.clerk.setUnavailable(true);
			}
		});
		try {
			Response sync = post(HttpTestClient.api(this.port), "/actuator/clerksync",
					"{\"reconcile\": true, \"force\": true}", superuser);
			assertThat(sync.status()).as(sync.body()).isEqualTo(503);
			assertThat(sync.json().path("status").asString()).isEqualTo("aborted");
			assertThat(listed).isTrue();
			assertThat(output).contains("WARN").contains("The clerksync operation was aborted (503)");
		}
		finally {
			this.clerk.setUnavailable(false);
		}
	}

	/**
	 * A revoked or rotated secret key: Clerk refuses the listing, and the operator reads
	 * why, not a bare 500.
	 */
	@Test
	void aSyncThatClerkRefusesIsAnswered502WithClerksReason(CapturedOutput output) {
		String superuser = token("user_super6", true, true);
		this.clerk.failNext(1, 401);
		Response sync = post(HttpTestClient.api(this.port), "/actuator/clerksync", "{}", superuser);
		assertThat(sync.status()).as(sync.body()).isEqualTo(502);
		assertThat(sync.json().path("status").asString()).isEqualTo("failed");
		assertThat(sync.json().path("message").asString()).contains("401");
		assertThat(output).contains("ERROR")
			.contains("The clerksync operation failed (502): " + sync.json().path("message").asString());
	}

	@Test
	void invalidOptionsAreAnswered400WithWhatIsWrongAndRunNothing() {
		String superuser = token("user_super4", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		this.clerk.clearRequests();
		assertInvalid(post(api, "/actuator/clerksync", "{\"reconcile\": true, \"limit\": 10}", superuser), "full sync");
		assertInvalid(post(api, "/actuator/clerksync", "{\"reconcile\": true, \"offset\": 1}", superuser), "full sync");
		assertInvalid(post(api, "/actuator/clerksync", "{\"offset\": -1}", superuser), "offset");
		assertInvalid(post(api, "/actuator/clerksync", "{\"limit\": 0}", superuser), "limit");
		assertInvalid(post(api, "/actuator/clerkpush", "{\"createdBefore\": \"31/01/2026\"}", superuser), "yyyy-MM-dd");
		assertInvalid(post(api, "/actuator/clerkpush",
				"{\"email\": \"ada@example.com\", \"createdBefore\": \"2026-01-31\"}", superuser), "not both");
		assertThat(this.clerk.requests("GET", "/v1/users")).as("nothing listed").isEmpty();
	}

	/**
	 * An offset of 0 is the start of the whole listing, which reconciling reads: accepted
	 * with {@code reconcile}, as operations.md says (black-box run 154 read the former
	 * wording as refusing any offset).
	 */
	@Test
	void reconcileWithAnOffsetOfZeroIsAWholeSync() {
		String superuser = token("user_super10", true, true);
		Response sync = post(HttpTestClient.api(this.port), "/actuator/clerksync",
				"{\"dryRun\": true, \"reconcile\": true, \"offset\": 0}", superuser);
		assertThat(sync.status()).as(sync.body()).isEqualTo(200);
		assertThat(sync.json().path("summaries").path(0).path("dryRun").asBoolean()).as(sync.body()).isTrue();
	}

	/**
	 * Black-box run 228's note: a switch is read as Spring reads a boolean, as
	 * operations.md now says; a value that is none of them runs nothing.
	 */
	@Test
	void aSwitchTakesSpringsBooleanWordsAndRefusesAnyOther() {
		String superuser = token("user_super_words", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		Response yes = post(api, "/actuator/clerksync", "{\"dryRun\": \"yes\"}", superuser);
		assertThat(yes.status()).as(yes.body()).isEqualTo(200);
		assertThat(yes.json().path("summaries").path(0).path("dryRun").asBoolean()).as(yes.body()).isTrue();
		this.clerk.clearRequests();
		Response maybe = post(api, "/actuator/clerksync", "{\"dryRun\": \"maybe\"}", superuser);
		assertThat(maybe.status()).as(maybe.body()).isEqualTo(400);
		assertThat(this.clerk.requests("GET", "/v1/users")).as("nothing listed").isEmpty();
	}

	/**
	 * An option the operation does not know is refused, never dropped: a misspelled
	 * {@code email} would push every user, a misspelled {@code dryRun} would write.
	 */
	@Test
	void aMisspelledOptionIsAnswered400AndRunsNothing() {
		String superuser = token("user_super_typo", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		this.clerk.clearRequests();
		assertInvalid(post(api, "/actuator/clerksync", "{\"dryrun\": true}", superuser), "dryrun");
		assertInvalid(post(api, "/actuator/clerksync?dry_run=true", "{}", superuser), "dry_run");
		assertInvalid(post(api, "/actuator/clerkpush", "{\"emial\": \"ada@example.com\"}", superuser), "emial");
		assertInvalid(post(api, "/actuator/clerkwebhooks", "{\"Id\": \"msg_1\"}", superuser), "Id");
		// An option written as a flag, or without a value, is no dry run
		assertInvalid(post(api, "/actuator/clerksync?dryRun", "{}", superuser), "dryRun");
		assertInvalid(post(api, "/actuator/clerksync", "{\"dryRun\": \"\"}", superuser), "dryRun");
		assertInvalid(post(api, "/actuator/clerkpush", "{\"dryRun\": null}", superuser), "dryRun");
		// Black-box run 84 F1: the first of two values was taken, and this wrote
		assertInvalid(post(api, "/actuator/clerksync?dryRun=false&dryRun=true", "{}", superuser), "more than once");
		assertThat(this.clerk.requests("GET", "/v1/users")).as("nothing listed").isEmpty();
		assertThat(this.clerk.requests("POST", "/v1/users")).as("nothing pushed").isEmpty();
	}

	private static void assertInvalid(Response response, String message) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().path("status").asString()).isEqualTo("invalid");
		assertThat(response.json().path("message").asString()).contains(message);
	}

	@Test
	void theSecretsAreMaskedEvenWhereValuesAreShown() {
		String superuser = token("user_super3", true, true);
		HttpTestClient api = HttpTestClient.api(this.port);
		Response key = api.get("/actuator/env/clerk.secret-key", "Authorization", superuser);
		assertThat(key.status()).isEqualTo(200);
		assertThat(key.body()).contains("******").doesNotContain("sk_test_");
		Response webhook = api.get("/actuator/env/clerk.webhook.signing-secrets", "Authorization", superuser);
		assertThat(webhook.body()).doesNotContain("whsec_");
		Response properties = api.get("/actuator/configprops/clerk", "Authorization", superuser);
		assertThat(properties.status()).isEqualTo(200);
		assertThat(properties.body()).doesNotContain("sk_test_").doesNotContain("whsec_");
		assertThat(api.get("/actuator/env/clerk.api.url", "Authorization", superuser).body())
			.as("other values are shown")
			.contains("http://");
	}

	private String token(String clerkId, boolean staff, boolean superuser) {
		this.clerk.addUser(ClerkData.user(clerkId).email(clerkId + "@example.com"));
		ClerkUser user = this.synchronizer
			.upsertFromClerk(Resources.user(ClerkData.user(clerkId).email(clerkId + "@example.com").toJsonNode()))
			.requiredValue();
		this.accounts.setRoles(user.getUid(), staff, superuser);
		return "Bearer " + this.clerk.tokens().token(clerkId);
	}

	private static Response post(HttpTestClient api, String path, String body, String token) {
		return api.send("POST", path, body, "Authorization", token, "Content-Type", "application/json");
	}

}
