package dev.clerkusers.samples.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In local mode, once the application is up: syncs the demo users from the local Clerk
 * (as {@code --clerk.command=sync} would), delivers a signed {@code user.created} webhook
 * to the application's own endpoint (as Clerk would), and prints ready-to-paste
 * {@code curl} commands with a valid session token, including a signed
 * {@code user.updated} delivery that changes what the profile stream shows.
 */
@Component
@ConditionalOnBooleanProperty(LocalMode.LOCAL_CLERK)
class LocalModeStartup {

	private static final Log logger = LogFactory.getLog(LocalModeStartup.class);

	private final FakeClerkBackend clerk;

	private final ClerkSync sync;

	LocalModeStartup(FakeClerkBackend clerk, ClerkSync sync) {
		this.clerk = clerk;
		this.sync = sync;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		if (event.getApplicationContext().getEnvironment().containsProperty("clerk.command")) {
			// A command runs (--clerk.command=…): the application serves nothing.
			return;
		}
		this.sync.sync(SyncOptions.all(), (soFar) -> {
		});
		int port = event.getApplicationContext()
			.getEnvironment()
			.getRequiredProperty("local.server.port", Integer.class);
		String base = "http://localhost:" + port;
		String webhookUrl = base + "/webhooks/clerk";
		ClerkWebhookClient.to(webhookUrl)
			.deliver(ClerkEvents
				.userCreated(ClerkData.user("user_linus").email("linus@example.com").name("Linus", "Torvalds")));
		String token = this.clerk.tokens().session("user_ada").lifetime(Duration.ofHours(24)).sign();
		String bearer = "curl -H \"Authorization: Bearer $TOKEN\" ";
		logger.info(String.join(System.lineSeparator(), "", "",
				"  clerk-users reactive sample is running in local mode (a local stand-in of Clerk, the test kit's PostgreSQL).",
				"", "  Open to all:", "    curl " + base + "/api/public/status", "",
				"  A Clerk session token for Ada Lovelace (valid 24 hours), then the API with it:",
				"    export TOKEN='" + token + "'", "    " + bearer + base + "/api/me",
				"    " + bearer + base + "/api/claims", "    " + bearer + base + "/api/users/user_linus", "",
				"  Ada's profile as server-sent events, now and whenever Clerk changes it (leave it running):",
				"    " + bearer + "-N " + base + "/api/me/changes", "",
				"  Then, in another terminal, Clerk's user.updated webhook for Ada, signed (valid 5 minutes):",
				"    " + userUpdatedWebhook(webhookUrl), "", "  An invalid token gets a 401 with the reason:",
				"    curl -i -H 'Authorization: Bearer not-a-token' " + base + "/api/me", ""));
	}

	/**
	 * A {@code curl} command posting a signed {@code user.updated} event for Ada: Svix
	 * signs a delivery with its time, and the endpoint refuses one more than five minutes
	 * old.
	 */
	private static String userUpdatedWebhook(String url) {
		String body = ClerkEvents
			.userUpdated(ClerkData.user("user_ada")
				.email("ada@analytical-engine.example")
				.name("Ada", "King")
				.username("ada")
				.updatedAt(Instant.now()))
			.toJson();
		Map<String, String> headers = ClerkWebhookSigner.test().sign(body);
		String headerOptions = headers.entrySet()
			.stream()
			.map((header) -> "-H '" + header.getKey() + ": " + header.getValue() + "'")
			.collect(Collectors.joining(" "));
		return "curl -H 'Content-Type: application/json' " + headerOptions + " --data-binary '" + body + "' " + url;
	}

}
