package dev.clerkusers.organizations.security;

import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Authorization on the request's active organization, for {@code @PreAuthorize} (as the
 * bean {@code clerkOrganizations}) and for {@code authorizeHttpRequests} (as
 * {@code AuthorizationManager}s).
 *
 * <pre class="code">
 * &#64;PreAuthorize("&#64;clerkOrganizations.hasRole('admin')")
 * &#64;DeleteMapping("/api/projects/{id}")
 * void delete(&#64;PathVariable long id) { … }
 *
 * http.authorizeHttpRequests((requests) -&gt; requests
 *     .requestMatchers("/api/billing/**").access(ClerkOrganizationAuthorization.hasOrganizationPermission("org:billing:manage"))
 *     .anyRequest().authenticated());
 * </pre>
 *
 * A request without an active organization has no role and no permission in any.
 */
public class ClerkOrganizationAuthorization {

	/** The bean name for SpEL: {@code @clerkOrganizations.hasRole('admin')}. */
	public static final String BEAN_NAME = "clerkOrganizations";

	/**
	 * Whether the current user has a role in the active organization.
	 * @param role the role, with or without the {@code org:} prefix
	 * @return {@code true} when it is the user's role
	 */
	public boolean hasRole(String role) {
		return current((context) -> context.hasRole(role));
	}

	/**
	 * Whether the current user has any of these roles in the active organization.
	 * @param roles the roles
	 * @return {@code true} when one is the user's role
	 */
	public boolean hasAnyRole(String... roles) {
		return current((context) -> context.hasAnyRole(roles));
	}

	/**
	 * Whether the current user has a permission in the active organization.
	 * @param permission the permission, with or without the {@code org:} prefix
	 * @return {@code true} when granted
	 */
	public boolean hasPermission(String permission) {
		return current((context) -> context.hasPermission(permission));
	}

	/**
	 * Whether the request has an active organization.
	 * @return {@code true} when it has
	 */
	public boolean inOrganization() {
		return current((context) -> true);
	}

	/**
	 * Whether the request's active organization is this one.
	 * @param organizationIdOrSlug the Clerk organization id or slug (prefer the id: see
	 * {@link ClerkOrganizationContext#isOrganization(String)})
	 * @return {@code true} when it is
	 */
	public boolean inOrganization(String organizationIdOrSlug) {
		return current((context) -> context.isOrganization(organizationIdOrSlug));
	}

	private static boolean current(Predicate<ClerkOrganizationContext> rule) {
		return ClerkOrganizationContext.allows(SecurityContextHolder.getContext().getAuthentication(), rule);
	}

	/**
	 * Grants access when the user has a role in the request's active organization.
	 * @param <T> the secured object type
	 * @param role the role, with or without the {@code org:} prefix
	 * @return the authorization manager
	 */
	public static <T> AuthorizationManager<T> hasOrganizationRole(String role) {
		return manager((context) -> context.hasRole(role));
	}

	/**
	 * Grants access when the user has a permission in the request's active organization.
	 * @param <T> the secured object type
	 * @param permission the permission, with or without the {@code org:} prefix
	 * @return the authorization manager
	 */
	public static <T> AuthorizationManager<T> hasOrganizationPermission(String permission) {
		return manager((context) -> context.hasPermission(permission));
	}

	/**
	 * Grants access when the request has an active organization.
	 * @param <T> the secured object type
	 * @return the authorization manager
	 */
	public static <T> AuthorizationManager<T> inActiveOrganization() {
		return manager((context) -> true);
	}

	private static <T> AuthorizationManager<T> manager(Predicate<ClerkOrganizationContext> rule) {
		return new AuthorizationManager<>() {

			@Override
			public @Nullable AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
					T object) {
				return new AuthorizationDecision(ClerkOrganizationContext.allows(authentication.get(), rule));
			}

		};
	}

}
