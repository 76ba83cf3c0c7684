package dev.clerkusers.test.database;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Gives a {@code @SpringBootTest} a real PostgreSQL 17: Testcontainers when Docker
 * answers and its images are at hand, an embedded PostgreSQL otherwise. In a slice such
 * as {@code @DataJpaTest} it keeps that database instead of the embedded one Spring Boot
 * would put in its place (an explicit {@code @AutoConfigureTestDatabase(replace = …)}
 * still decides). Set {@code clerk.test.database} to {@code container} or
 * {@code embedded} (system property, environment variable {@code CLERK_TEST_DATABASE}, or
 * test property) to force a side.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;ClerkTestDatabase
 * class OrderRepositoryTests { … }
 * </pre>
 *
 * @see ClerkTestDatabaseConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(ClerkTestDatabaseConfiguration.class)
public @interface ClerkTestDatabase {

}
