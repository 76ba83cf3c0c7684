package dev.clerkusers.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.clerkusers.test.database.ClerkTestDatabase;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * A {@code @SpringBootTest} of {@link TestApplication} on a real PostgreSQL, without a
 * web server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestApplication.class)
@ClerkTestDatabase
public @interface PostgresIntegrationTest {

}
