package dev.clerkusers.samples.hybrid;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In local mode, once the application is up: syncs the demo data from the local Clerk (as
 * {@code --clerk.command=sync} would), delivers a few signed webhooks to the
 * application's own endpoint (as Clerk would), creates a staff account, and prints how to
 * sign in and ready-to-paste {@code curl} commands with a valid session token and a valid
 * API key.
 */
@Component
@ConditionalOnBooleanProperty(LocalMode.LOCAL_CLERK)
class LocalModeStartup {

	private static final Log logger = LogFactory.getLog(LocalModeStartup.class);

	static final String STAFF_EMAIL = "staff@example.com";

	private final FakeClerkBackend clerk;

	private final ClerkSync sync;

	private final ClerkUserService users;

	private final ClerkUserAccounts accounts;

	LocalModeStartup(FakeClerkBackend clerk, ClerkSync sync, ClerkUserService users, ClerkUserAccounts accounts) {
		this.clerk = clerk;
		this.sync = sync;
		this.users = users;
		this.accounts = accounts;
	}

	private static String randomPassword() {
		byte[] random = new byte[6];
		new SecureRandom().nextBytes(random);
		return HexFormat.of().formatHex(random);
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
		ClerkWebhookClient webhooks = ClerkWebhookClient.to(base + "/webhooks/clerk");
		webhooks.deliver(ClerkEvents
			.userCreated(ClerkData.user("user_linus").email("linus@example.com").name("Linus", "Torvalds")));
		webhooks.deliver(ClerkEvents.sessionCreated(ClerkData.session("user_ada")));
		String password = randomPassword();
		if (this.users.findByEmail(STAFF_EMAIL).isEmpty()) {
			this.accounts.createSuperuser(STAFF_EMAIL, password);
		}
		String token = this.clerk.tokens()
			.session("user_ada")
			.lifetime(Duration.ofHours(24))
			.organizationV2("org_acme", "acme", "admin", Map.of("members", List.of("read", "manage")))
			.sign();
		String memberToken = this.clerk.tokens()
			.session("user_grace")
			.lifetime(Duration.ofHours(24))
			.organizationV2("org_acme", "acme", "member", Map.of())
			.sign();
		String apiKey = this.clerk.createApiKey("org_acme", "reports:read").secret();
		logger.info(String.join(System.lineSeparator(), "", "",
				"  clerk-users hybrid sample is running in local mode (a local stand-in of Clerk, embedded PostgreSQL).",
				"", "  Staff pages:  " + base + "/staff/users",
				"                sign in as " + STAFF_EMAIL + " with password " + password, "",
				"  JSON API with a Clerk session token (Ada Lovelace, admin of Acme; valid 24 hours):",
				"    curl -H 'Authorization: Bearer " + token + "' " + base + "/api/me",
				"    curl -H 'Authorization: Bearer " + token + "' " + base + "/api/organizations/current",
				"    curl -H 'Authorization: Bearer " + token + "' " + base + "/api/organizations/current/members", "",
				"  The same as Grace Hopper, a plain member (the last one answers 403):",
				"    curl -H 'Authorization: Bearer " + memberToken + "' " + base
						+ "/api/organizations/current/members",
				"", "  Reports for scripts, with a Clerk API key of Acme (scope reports:read):",
				"    curl -H 'Authorization: Bearer " + apiKey + "' " + base + "/api/reports", ""));
	}

}
