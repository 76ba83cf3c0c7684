package dev.clerkusers.it.reactive;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's Actuator endpoints behind its default WebFlux filter chain, exposed as
 * the docs show: a signed-in end user reaches none of them; staff read them; only a
 * superuser runs a sync or push, or reprocesses or dismisses a webhook event. The
 * application names its JSON properties in snake case: the endpoints keep their own
 * shape.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@TestPropertySource(properties = {
		"management.endpoints.web.exposure.include=health,clerksync,clerkpush,clerkwebhooks,env,loggers",
		"management.endpoint.health.probes.enabled=true", "spring.jackson.property-naming-strategy=SNAKE_CASE" })
class ReactiveOperatorEndpointsTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserAccounts accounts;

	@Test
	void onlyStaffReadAndOnlySuperusersRunOperations() {
		String user = token("user_plain", false, false);
		String staff = token("user_staff", true, false);
		String superuser = token("user_super", true, true);
		WebTestClient client = ReactiveTestClient.to(this.port);
		client.get().uri("/actuator/clerkwebhooks").exchange().expectStatus().isUnauthorized();
		send(client, HttpMethod.GET, "/actuator/clerkwebhooks", user).expectStatus().isForbidden();
		send(client, HttpMethod.POST, "/actuator/clerksync", user).expectStatus().isForbidden();
		send(client, HttpMethod.POST, "/actuator/clerkpush", user).expectStatus().isForbidden();
		send(client, HttpMethod.POST, "/actuator/clerkwebhooks", user).expectStatus().isForbidden();
		send(client, HttpMethod.DELETE, "/actuator/clerkwebhooks/msg_1", user).expectStatus().isForbidden();
		send(client, HttpMethod.GET, "/actuator/clerkwebhooks", staff).expectStatus().isOk();
		send(client, HttpMethod.POST, "/actuator/clerksync", staff).expectStatus().isForbidden();
		send(client, HttpMethod.DELETE, "/actuator/clerkwebhooks/msg_1", staff).expectStatus().isForbidden();
		client.post()
			.uri("/actuator/clerksync")
			.header(HttpHeaders.AUTHORIZATION, superuser)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"dryRun\": true}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.summaries[0].step")
			.isEqualTo("users")
			.jsonPath("$.summaries[0].dryRun")
			.isEqualTo(true);
		send(client, HttpMethod.DELETE, "/actuator/clerkwebhooks/msg_1", superuser).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("unknown");
	}

	/**
	 * Black-box run 319 F1: Spring Boot's other endpoints were open to any signed-in
	 * user, which with Clerk is anyone who signs up. They follow the library's endpoints'
	 * rules.
	 */
	@Test
	void springBootsOtherEndpointsAreReadByStaffAndChangedBySuperusers() {
		String user = token("user_reader", false, false);
		String staff = token("user_staff_reader", true, false);
		String superuser = token("user_super_writer", true, true);
		WebTestClient client = ReactiveTestClient.to(this.port);
		send(client, HttpMethod.GET, "/actuator/env", user).expectStatus().isForbidden();
		send(client, HttpMethod.GET, "/actuator/loggers", user).expectStatus().isForbidden();
		send(client, HttpMethod.POST, "/actuator/loggers/dev.clerkusers.it", user).expectStatus().isForbidden();
		send(client, HttpMethod.GET, "/actuator/loggers", staff).expectStatus().isOk();
		send(client, HttpMethod.POST, "/actuator/loggers/dev.clerkusers.it", staff).expectStatus().isForbidden();
		send(client, HttpMethod.POST, "/actuator/loggers/dev.clerkusers.it", superuser).expectStatus().isNoContent();
	}

	/**
	 * The default chain takes form-login sign-ins of staff beside Clerk tokens, as on
	 * servlet: a browser is sent to the generated login page (with its stylesheet, and a
	 * logout page), an API client still gets the bearer challenge, and a superuser signed
	 * in with the form reaches the operations.
	 */
	@Test
	void staffSignInWithTheFormOnTheDefaultChain() {
		this.accounts.createSuperuser("chief@example.com", "a-long-password");
		WebTestClient client = ReactiveTestClient.to(this.port);
		client.get()
			.uri("/actuator/clerkwebhooks")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login");
		client.get().uri("/actuator/clerkwebhooks").exchange().expectStatus().isUnauthorized();
		EntityExchangeResult<byte[]> login = ReactiveTestClient.postLogin(client, "chief@example.com",
				"a-long-password");
		assertThat(login.getResponseHeaders().getLocation()).hasToString("/");
		String session = login.getResponseCookies().getFirst("SESSION").getValue();
		client.get().uri("/actuator/clerkwebhooks").cookie("SESSION", session).exchange().expectStatus().isOk();
		client.get()
			.uri("/default-ui.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/css");
		client.get()
			.uri("/logout")
			.accept(MediaType.TEXT_HTML)
			.cookie("SESSION", session)
			.exchange()
			.expectStatus()
			.isOk();
	}

	/**
	 * The health endpoint answers anyone, with its status only, as behind Spring Boot's
	 * own default chain: load balancers and orchestrators probe it without signing in.
	 */
	@Test
	void theHealthEndpointAnswersWithoutSignIn() {
		WebTestClient client = ReactiveTestClient.to(this.port);
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness" }) {
			client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).as(path).isIn(200, 503))
				.expectBody()
				.jsonPath("$.status")
				.exists()
				.jsonPath("$.components")
				.doesNotExist();
		}
	}

	@Test
	void invalidOptionsAreAnswered400WithWhatIsWrong() {
		String superuser = token("user_super_invalid", true, true);
		WebTestClient client = ReactiveTestClient.to(this.port);
		assertInvalid(client, "/actuator/clerksync", "{\"reconcile\": true, \"limit\": 10}", superuser, "full sync");
		assertInvalid(client, "/actuator/clerksync", "{\"offset\": -1}", superuser, "offset");
		assertInvalid(client, "/actuator/clerkpush", "{\"createdBefore\": \"31/01/2026\"}", superuser, "yyyy-MM-dd");
		assertInvalid(client, "/actuator/clerkpush",
				"{\"email\": \"ada@example.com\", \"createdBefore\": \"2026-01-31\"}", superuser, "not both");
		assertInvalid(client, "/actuator/clerksync", "{\"dryrun\": true}", superuser, "dryrun");
		assertInvalid(client, "/actuator/clerkpush", "{\"emial\": \"ada@example.com\"}", superuser, "emial");
	}

	private static void assertInvalid(WebTestClient client, String path, String body, String authorization,
			String message) {
		client.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("invalid")
			.jsonPath("$.message")
			.value((text) -> assertThat(String.valueOf(text)).contains(message));
	}

	private String token(String clerkId, boolean staff, boolean superuser) {
		this.clerk.addUser(ClerkData.user(clerkId).email(clerkId + "@example.com"));
		UserResource resource = ClerkResource.read(ClerkData.user(clerkId).email(clerkId + "@example.com").toJsonNode(),
				UserResource.class);
		ClerkUser user = this.synchronizer.upsertFromClerk(resource).requiredValue();
		this.accounts.setRoles(user.getUid(), staff, superuser);
		return "Bearer " + this.clerk.tokens().token(clerkId);
	}

	private static WebTestClient.ResponseSpec send(WebTestClient client, HttpMethod method, String path,
			String authorization) {
		return client.method(method)
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange();
	}

}
