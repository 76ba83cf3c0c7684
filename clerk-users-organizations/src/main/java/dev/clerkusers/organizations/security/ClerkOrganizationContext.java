package dev.clerkusers.organizations.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.token.ClerkOrganizationClaims;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The active organization of a request: the one of the session token, or, when the token
 * has none, the one the {@code X-Organization-Id} header selected among the user's local
 * memberships. A sign-in kept in the HTTP session (session mode) whose token has expired
 * acts in the token's organization as the user's membership is stored now.
 *
 * @param organizationId the Clerk organization id
 * @param slug the slug, if known
 * @param role the user's role key, for example {@code org:admin}
 * @param permissions the user's permission keys, for example {@code org:teams:manage}
 * @param source where the organization came from
 */
public record ClerkOrganizationContext(String organizationId, @Nullable String slug, @Nullable String role,
		List<String> permissions, Source source) {

	/**
	 * Copies the permissions.
	 * @param organizationId the organization id
	 * @param slug the slug
	 * @param role the role
	 * @param permissions the permissions
	 * @param source the source
	 */
	public ClerkOrganizationContext {
		permissions = List.copyOf(permissions);
	}

	/**
	 * The organization context of an authentication.
	 * @param authentication the authentication, or {@code null}
	 * @return the context, or empty when the request is not a Clerk request or has no
	 * active organization
	 */
	public static Optional<ClerkOrganizationContext> of(@Nullable Authentication authentication) {
		if (!(authentication instanceof ClerkAuthenticationToken clerk)) {
			return Optional.empty();
		}
		Source source = clerk.isOrganizationFromToken() ? Source.TOKEN
				: clerk.getClaims().organization().isPresent() ? Source.MEMBERSHIP : Source.HEADER;
		return clerk.getOrganization()
			.map((claims) -> new ClerkOrganizationContext(claims.id(), claims.slug(), claims.role(),
					claims.permissions(), source));
	}

	/**
	 * The organization context of the current request.
	 * <p>
	 * Reads the {@link SecurityContextHolder}, which is empty in reactive code; there,
	 * use
	 * {@link dev.clerkusers.organizations.security.reactive.ClerkReactiveOrganizationContext#current()}.
	 * @return the context, if any
	 */
	public static Optional<ClerkOrganizationContext> current() {
		return of(SecurityContextHolder.getContext().getAuthentication());
	}

	/**
	 * Whether the active organization of an authentication satisfies a rule. The rule of
	 * every organization check, servlet or reactive: without an active organization (or
	 * without a Clerk authentication) nothing is granted.
	 * @param authentication the authentication, or {@code null}
	 * @param rule the rule, for example {@code (context) -> context.hasRole("admin")}
	 * @return {@code true} only when there is an active organization and the rule holds
	 */
	public static boolean allows(@Nullable Authentication authentication, Predicate<ClerkOrganizationContext> rule) {
		return of(authentication).map(rule::test).orElse(false);
	}

	/**
	 * Whether the user has a role in the organization.
	 * @param role the role, with or without the {@code org:} prefix
	 * @return {@code true} when it is the user's role
	 */
	public boolean hasRole(String role) {
		return claims().hasRole(role);
	}

	/**
	 * Whether the user has any of these roles in the organization.
	 * @param roles the roles, each with or without the {@code org:} prefix
	 * @return {@code true} when one is the user's role
	 */
	public boolean hasAnyRole(String... roles) {
		return Arrays.stream(roles).anyMatch(this::hasRole);
	}

	/**
	 * Whether this is the given organization. Its id names it for good; a slug can be
	 * renamed by the organization's admins and then taken by another organization, so
	 * authorize by id where that matters. A blank value names none.
	 * @param organizationIdOrSlug the Clerk organization id or slug
	 * @return {@code true} when it is its id or its slug
	 */
	public boolean isOrganization(String organizationIdOrSlug) {
		if (organizationIdOrSlug.isBlank()) {
			return false;
		}
		return organizationIdOrSlug.equals(this.organizationId) || organizationIdOrSlug.equals(this.slug);
	}

	/**
	 * Whether the user has a permission in the organization.
	 * @param permission the permission, with or without the {@code org:} prefix
	 * @return {@code true} when granted
	 */
	public boolean hasPermission(String permission) {
		return claims().hasPermission(permission);
	}

	/**
	 * The same organization as claims, whose rules decide roles and permissions here too.
	 */
	private ClerkOrganizationClaims claims() {
		return new ClerkOrganizationClaims(this.organizationId, this.slug, this.role, this.permissions);
	}

	/**
	 * Where an active organization came from.
	 */
	public enum Source {

		/** The session token (signed by Clerk). */
		TOKEN,

		/**
		 * The {@code X-Organization-Id} header, checked against the user's local
		 * memberships.
		 */
		HEADER,

		/**
		 * The user's stored membership in the session token's organization: a sign-in
		 * kept in the HTTP session (session mode) whose token has expired acts in that
		 * organization with the membership's role and permissions as stored now.
		 */
		MEMBERSHIP

	}

}
