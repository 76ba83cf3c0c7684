package dev.clerkusers.it.webhook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The application that the webhook tests deliver to over real HTTP: its own filter chain
 * protects everything but the webhook route, the inbox endpoint is exposed, and
 * {@link WebhookTestConfiguration} adds a listener and a handler of its own; a delivery
 * waits 1 s for a record held elsewhere ({@code clerk.lock-timeout}). Every test class
 * that carries it shares one application context, so each resets what it uses in its
 * {@code @BeforeEach} ({@code Tables.empty}, {@link WebhookTestConfiguration}'s beans).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=clerkwebhooks", "clerk.lock-timeout=1s" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, WebhookTestConfiguration.class })
@interface WebhookApplicationTest {

}
