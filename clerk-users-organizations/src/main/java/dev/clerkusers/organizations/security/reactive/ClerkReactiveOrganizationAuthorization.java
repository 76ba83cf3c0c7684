package dev.clerkusers.organizations.security.reactive;

import java.util.function.Predicate;

import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;
import dev.clerkusers.organizations.security.ClerkOrganizationContext;
import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;

/**
 * Authorization on the active organization of a reactive request, the counterpart of
 * {@link ClerkOrganizationAuthorization}: for reactive {@code @PreAuthorize} (as the bean
 * {@code clerkOrganizations} of a reactive application, so that the same expressions work
 * on both stacks) and for {@code authorizeExchange} (as
 * {@code ReactiveAuthorizationManager}s).
 *
 * <pre class="code">
 * &#64;PreAuthorize("&#64;clerkOrganizations.hasRole('admin')")
 * &#64;DeleteMapping("/api/projects/{id}")
 * Mono&lt;Void&gt; delete(&#64;PathVariable long id) { … }
 *
 * http.authorizeExchange((exchanges) -&gt; exchanges
 *     .pathMatchers("/api/billing/**").access(ClerkReactiveOrganizationAuthorization.hasOrganizationPermission("org:billing:manage"))
 *     .anyExchange().authenticated());
 * </pre>
 *
 * Each check is a {@code Mono<Boolean>} read from the
 * {@link ReactiveSecurityContextHolder} (reactive method security accepts expressions
 * that evaluate to one). The rules are those of {@link ClerkOrganizationContext}: a
 * request without an active organization has no role and no permission in any.
 */
public class ClerkReactiveOrganizationAuthorization {

	/** The bean name for SpEL: {@code @clerkOrganizations.hasRole('admin')}. */
	public static final String BEAN_NAME = ClerkOrganizationAuthorization.BEAN_NAME;

	/**
	 * Whether the current user has a role in the active organization.
	 * @param role the role, with or without the {@code org:} prefix
	 * @return {@code true} when it is the user's role
	 */
	public Mono<Boolean> hasRole(String role) {
		return current((context) -> context.hasRole(role));
	}

	/**
	 * Whether the current user has any of these roles in the active organization.
	 * @param roles the roles
	 * @return {@code true} when one is the user's role
	 */
	public Mono<Boolean> hasAnyRole(String... roles) {
		return current((context) -> context.hasAnyRole(roles));
	}

	/**
	 * Whether the current user has a permission in the active organization.
	 * @param permission the permission, with or without the {@code org:} prefix
	 * @return {@code true} when granted
	 */
	public Mono<Boolean> hasPermission(String permission) {
		return current((context) -> context.hasPermission(permission));
	}

	/**
	 * Whether the request has an active organization.
	 * @return {@code true} when it has
	 */
	public Mono<Boolean> inOrganization() {
		return current((context) -> true);
	}

	/**
	 * Whether the request's active organization is this one.
	 * @param organizationIdOrSlug the Clerk organization id or slug (prefer the id: see
	 * {@link ClerkOrganizationContext#isOrganization(String)})
	 * @return {@code true} when it is
	 */
	public Mono<Boolean> inOrganization(String organizationIdOrSlug) {
		return current((context) -> context.isOrganization(organizationIdOrSlug));
	}

	private static Mono<Boolean> current(Predicate<ClerkOrganizationContext> rule) {
		return allows(ReactiveSecurityContextHolder.getContext().mapNotNull(SecurityContext::getAuthentication), rule);
	}

	/**
	 * Grants access when the user has a role in the request's active organization.
	 * @param <T> the secured object type
	 * @param role the role, with or without the {@code org:} prefix
	 * @return the authorization manager
	 */
	public static <T> ReactiveAuthorizationManager<T> hasOrganizationRole(String role) {
		return manager((context) -> context.hasRole(role));
	}

	/**
	 * Grants access when the user has a permission in the request's active organization.
	 * @param <T> the secured object type
	 * @param permission the permission, with or without the {@code org:} prefix
	 * @return the authorization manager
	 */
	public static <T> ReactiveAuthorizationManager<T> hasOrganizationPermission(String permission) {
		return manager((context) -> context.hasPermission(permission));
	}

	/**
	 * Grants access when the request has an active organization.
	 * @param <T> the secured object type
	 * @return the authorization manager
	 */
	public static <T> ReactiveAuthorizationManager<T> inActiveOrganization() {
		return manager((context) -> true);
	}

	private static <T> ReactiveAuthorizationManager<T> manager(Predicate<ClerkOrganizationContext> rule) {
		return (authentication, object) -> allows(authentication, rule)
			.map((granted) -> (AuthorizationResult) new AuthorizationDecision(granted));
	}

	private static Mono<Boolean> allows(Mono<Authentication> authentication, Predicate<ClerkOrganizationContext> rule) {
		return authentication.map((found) -> ClerkOrganizationContext.allows(found, rule)).defaultIfEmpty(false);
	}

}
