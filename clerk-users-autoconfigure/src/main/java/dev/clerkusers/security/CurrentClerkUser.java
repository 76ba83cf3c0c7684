package dev.clerkusers.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller method parameter of type {@link dev.clerkusers.user.ClerkUser} to
 * the user of the request, whether signed in with a Clerk token or with form login.
 *
 * <pre class="code">
 * &#64;GetMapping("/api/me")
 * Map&lt;String, Object&gt; me(&#64;CurrentClerkUser ClerkUser user) { … }
 * </pre>
 *
 * The parameter is {@code null} when the request is anonymous, unless {@link #required()}
 * is {@code true} or the parameter is declared non-null (a Kotlin
 * {@code user: ClerkUser}, or JSpecify's {@code @NullMarked} code without
 * {@code @Nullable}), in which case the request is refused with 401. In an application
 * without the users table no request has a user: the parameter is {@code null}, and a
 * required one fails with an {@link IllegalStateException} that says to take the token's
 * {@link dev.clerkusers.token.ClerkSessionClaims} instead. A request made with a machine
 * token (API key, M2M or OAuth token) has no user, unless {@link #apiKeyUser()} asks for
 * the user an API key belongs to. A parameter of another type (such as
 * {@code Optional<ClerkUser>} or {@code String}) fails the request with an
 * {@link IllegalStateException} that names it, rather than being filled from the request.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentClerkUser {

	/**
	 * Whether a user is required. {@code false} does not make a parameter declared
	 * non-null (by Kotlin, or by JSpecify) optional: declare it nullable
	 * ({@code ClerkUser?}, {@code @Nullable}), or, in Kotlin, give it a default value.
	 * @return {@code true} to answer 401 to anonymous requests
	 */
	boolean required() default false;

	/**
	 * Whether a request made with an API key of a user (its subject is {@code user_…})
	 * resolves that user's row, loaded as for a session token (an inactive or locked user
	 * is none). Needs the users table.
	 * @return {@code true} to resolve the user of an API key
	 */
	boolean apiKeyUser() default false;

}
