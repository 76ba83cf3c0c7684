package dev.clerkusers.it.reactive;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * A {@code @SpringBootTest} of the WebFlux {@link ReactiveTestApplication} on Reactor
 * Netty at a random port, with the fake Clerk over real HTTP, an auto-configured
 * {@code WebTestClient} bound to the server, and BlockHound failing any blocking call on
 * an event-loop thread. Classes that add the same configuration share one application
 * context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureFakeClerk
@AutoConfigureWebTestClient
@ExtendWith(NoEventLoopBlocking.class)
public @interface ReactiveIntegrationTest {

}
