package dev.clerkusers.samples.reactive;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * The whole application on Reactor Netty and a random port, with a PostgreSQL database of
 * its own, the test kit's fake Clerk, a {@code WebTestClient}, and BlockHound failing any
 * blocking call on an event loop.
 * <p>
 * Every application test of the sample carries this one annotation, so that Spring's test
 * context cache starts the application once for all of them: a test class that declared
 * its own set of annotations would start another application, with another database.
 * Tests therefore make the data they need with names of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@AutoConfigureWebTestClient
@ExtendWith(NoEventLoopBlocking.class)
@interface ReactiveApplicationTest {

}
