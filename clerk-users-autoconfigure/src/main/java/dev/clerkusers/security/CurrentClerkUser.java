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
 * is {@code true}, in which case the request is refused with 401.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentClerkUser {

	/**
	 * Whether a user is required.
	 * @return {@code true} to answer 401 to anonymous requests
	 */
	boolean required() default false;

}
