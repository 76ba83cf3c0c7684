package dev.clerkusers.it;

import dev.clerkusers.organizations.OrganizationCache;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.webhook.WebhookInstanceRecorder;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Empties the library's tables and caches, and the test application's own table, between
 * tests that share an application context.
 */
public final class Tables {

	private Tables() {
	}

	/**
	 * Deletes every row, children first, and empties the caches (the Clerk instance that
	 * deliveries recorded included).
	 * @param context the application context
	 */
	public static void empty(ApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.update("delete from clerk_organization_invitations");
		jdbc.update("delete from clerk_organization_memberships");
		jdbc.update("delete from clerk_organizations");
		jdbc.update("delete from clerk_webhook_events");
		jdbc.update("delete from clerk_ended_sessions");
		jdbc.update("delete from app_orders");
		jdbc.update("delete from clerk_users");
		jdbc.update("delete from clerk_instance");
		context.getBean(ClerkUserCache.class).clear();
		context.getBeanProvider(OrganizationCache.class).ifAvailable(OrganizationCache::clear);
		context.getBeanProvider(WebhookInstanceRecorder.class).ifAvailable(WebhookInstanceRecorder::forget);
	}

}
