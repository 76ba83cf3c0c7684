package dev.clerkusers.test.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test as a Clerk user, without HTTP: the security context holds the same
 * {@code ClerkAuthenticationToken} that a request with a token of this user would get,
 * with the application's own {@code ClerkAuthoritiesMapper}. Its claims are those of the
 * kit's default token: version 2, with {@code fva}, {@code jti}, {@code sts} and
 * {@code pla}, and the organization in the {@code o} claim. Where the application has the
 * users table, the user is stored if it is not yet, and has the annotation's
 * {@link #email()}, {@link #staff()} and {@link #superuser()} rights for the test, also
 * when an earlier test of the same context gave it others. In a {@code @WebMvcTest}
 * slice, which has no database, the principal is the same user unsaved, so that
 * {@code @CurrentClerkUser} resolves; in an application without the users table (no JPA,
 * or JPA brought by the organizations module without a {@code DataSource}) it is the
 * session claims, as in that application. A stored user that a token of it could not sign
 * in as (deleted, banned or locked out) fails the test before it runs. On reactive method
 * security the same context reaches Reactor's context (through spring-security-test's
 * {@code ReactorContextTestExecutionListener}), so {@code @PreAuthorize} methods
 * returning a {@code Mono} or a {@code Flux} see the user.
 *
 * <pre class="code">
 * &#64;Test
 * &#64;WithClerkUser(value = "user_123", organizationId = "org_1", organizationRole = "admin")
 * void adminsMayDeleteProjects() { … }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithClerkUserSecurityContextFactory.class)
public @interface WithClerkUser {

	/**
	 * The Clerk user id.
	 * @return the user id
	 */
	@AliasFor("userId")
	String value() default "user_test";

	/**
	 * The Clerk user id.
	 * @return the user id
	 */
	@AliasFor("value")
	String userId() default "user_test";

	/**
	 * The user's verified primary email. A user stored before with another gets this one
	 * (as Clerk's newer data would give it); empty keeps what is stored.
	 * @return the email, or empty for none
	 */
	String email() default "";

	/**
	 * Whether the stored user is staff; {@code false} takes the right away from a user
	 * stored before.
	 * @return {@code true} for {@code ROLE_STAFF}
	 */
	boolean staff() default false;

	/**
	 * Whether the stored user is a superuser (and staff); {@code false} takes the right
	 * away from a user stored before.
	 * @return {@code true} for {@code ROLE_SUPERUSER}
	 */
	boolean superuser() default false;

	/**
	 * The active organization id.
	 * @return the id, or empty for no active organization
	 */
	String organizationId() default "";

	/**
	 * The active organization's slug.
	 * @return the slug
	 */
	String organizationSlug() default "";

	/**
	 * The role in the active organization, with or without the {@code org:} prefix.
	 * @return the role
	 */
	String organizationRole() default "org:member";

	/**
	 * The permissions in the active organization, each
	 * {@code org:<feature>:<permission>}, for example {@code org:teams:manage}.
	 * @return the permissions
	 */
	String[] organizationPermissions() default {};

	/**
	 * When to set up the security context.
	 * @return the event
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
