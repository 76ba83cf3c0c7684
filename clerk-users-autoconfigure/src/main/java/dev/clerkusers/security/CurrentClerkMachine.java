package dev.clerkusers.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller method parameter of type
 * {@link dev.clerkusers.token.ClerkMachineToken} to the machine token the request was
 * authenticated with (an API key, an M2M token or an OAuth access token).
 *
 * <pre class="code">
 * &#64;GetMapping("/api/reports")
 * List&lt;Report&gt; reports(&#64;CurrentClerkMachine(required = true) ClerkMachineToken key) { … }
 * </pre>
 *
 * The parameter is {@code null} when the request was not authenticated with a machine
 * token (a session token, form login, anonymous), unless {@link #required()} is
 * {@code true} or the parameter is declared non-null (by Kotlin, or by JSpecify), in
 * which case the request is refused with 401. A parameter of another type fails the
 * request with an {@link IllegalStateException} that names it, rather than being filled
 * from the request.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentClerkMachine {

	/**
	 * Whether a machine token is required. {@code false} does not make a parameter
	 * declared non-null (by Kotlin, or by JSpecify) optional: declare it nullable
	 * ({@code ClerkMachineToken?}, {@code @Nullable}), or, in Kotlin, give it a default
	 * value.
	 * @return {@code true} to answer 401 to requests without one
	 */
	boolean required() default false;

}
