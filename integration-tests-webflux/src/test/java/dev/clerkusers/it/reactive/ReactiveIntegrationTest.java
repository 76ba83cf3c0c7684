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

/**
 * A {@code @SpringBootTest} of the WebFlux {@link ReactiveTestApplication} on Reactor
 * Netty at a random port, with the fake Clerk over real HTTP, and BlockHound failing any
 * blocking call on an event-loop thread.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureFakeClerk
@ExtendWith(NoEventLoopBlocking.class)
public @interface ReactiveIntegrationTest {

}
