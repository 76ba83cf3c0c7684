package dev.clerkusers.samples.hybrid;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The whole application on a random port, with a PostgreSQL database of its own and the
 * test kit's fake Clerk; {@code MockMvc} and {@code RestTestClient} are both available.
 * <p>
 * Every application test of the sample carries this one annotation, so that Spring's test
 * context cache starts the application once for all of them: a test class that declared
 * its own set of annotations would start another application, with another database.
 * Tests therefore make the data they need with names of their own, and never count rows
 * that another test class could have added.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@AutoConfigureRestTestClient
@ClerkTestDatabase
@AutoConfigureFakeClerk
@interface HybridApplicationTest {

}
