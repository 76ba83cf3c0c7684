package dev.clerkusers.organizations.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller method parameter of type
 * {@link dev.clerkusers.organizations.Organization} to the local row of the request's
 * active organization (cached; invalidated by webhooks).
 *
 * <pre class="code">
 * &#64;GetMapping("/api/organizations/current")
 * Map&lt;String, Object&gt; current(&#64;CurrentOrganization Organization organization) { … }
 * </pre>
 *
 * The parameter is {@code null} when the request has no active organization or the
 * organization is not stored (or deleted), unless {@link #required()} is {@code true} or
 * the parameter is declared non-null (by Kotlin, or by JSpecify), in which case the
 * request is refused with 403. A parameter of another type (such as
 * {@code Optional<Organization>} or {@code String}) fails the request with an
 * {@link IllegalStateException} that names it, rather than being filled from the request.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentOrganization {

	/**
	 * Whether an organization is required. {@code false} does not make a parameter
	 * declared non-null (by Kotlin, or by JSpecify) optional: declare it nullable
	 * ({@code Organization?}, {@code @Nullable}), or, in Kotlin, give it a default value.
	 * @return {@code true} to answer 403 to requests without an active, stored
	 * organization
	 */
	boolean required() default false;

}
