package dev.clerkusers.test.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points the application of a {@code @SpringBootTest} at a
 * {@link dev.clerkusers.test.backend.FakeClerkBackend} started for its application
 * context, so that the real filter, verifier and user sync run against real HTTP and real
 * signed tokens, offline.
 * <p>
 * The fake and its {@link dev.clerkusers.test.token.ClerkTestTokens} are beans of the
 * context, to inject into the test. These properties are set, above the application's own
 * configuration but below the test's inline properties: {@code clerk.secret-key},
 * {@code clerk.api.url}, {@code clerk.publishable-key}, {@code clerk.issuer},
 * {@code clerk.jwt-key} (emptied), {@code clerk.authorized-parties} and
 * {@code clerk.webhook.signing-secrets}
 * ({@link dev.clerkusers.test.webhook.ClerkWebhookSigner#TEST_SECRET}). The fake is the
 * Clerk instance {@link dev.clerkusers.test.webhook.ClerkEvent#DEFAULT_INSTANCE_ID},
 * which the kit's webhook deliveries name unless told otherwise.
 *
 * <pre class="code">
 * &#64;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#64;ClerkTestDatabase
 * &#64;AutoConfigureFakeClerk
 * class MeEndpointTests {
 *
 *     &#64;Autowired FakeClerkBackend clerk;
 *     …
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureFakeClerk {

}
