package dev.clerkusers.token;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The active organization of a session, from a session token: the flat {@code org_*}
 * claims of a v1 token, or the {@code o} claim of a v2 token with its permissions decoded
 * from {@code fea} and {@code o.fpm}.
 *
 * @param id the organization id ({@code org_…})
 * @param slug the organization slug, if any
 * @param role the user's role key in the organization, always with the {@code org:}
 * prefix (for example {@code org:admin}); v2 tokens carry it without the prefix and it is
 * added
 * @param permissions the user's permissions in the organization, as
 * {@code org:<feature>:<permission>} strings
 */
public record ClerkOrganizationClaims(String id, @Nullable String slug, @Nullable String role,
		List<String> permissions) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Prefix of Clerk's organization role and permission keys. */
	public static final String PREFIX = "org:";

	/**
	 * Creates the claims, normalising the role to its {@code org:}-prefixed key.
	 * @param id the organization id
	 * @param slug the slug
	 * @param role the role, with or without prefix
	 * @param permissions the permissions
	 */
	public ClerkOrganizationClaims {
		role = normalizeRole(role);
		permissions = List.copyOf(permissions);
	}

	/**
	 * Whether the user has this role in the organization.
	 * @param role the role, with or without the {@code org:} prefix, in any case
	 * @return {@code true} when it is the user's role
	 */
	public boolean hasRole(String role) {
		return this.role != null && this.role.equalsIgnoreCase(normalizeRole(role));
	}

	/**
	 * Whether the user has this permission in the organization.
	 * @param permission the permission, with or without the {@code org:} prefix (for
	 * example {@code org:teams:manage} or {@code teams:manage})
	 * @return {@code true} when the token grants it
	 */
	public boolean hasPermission(String permission) {
		String key = permission.startsWith(PREFIX) ? permission : PREFIX + permission;
		return this.permissions.contains(key);
	}

	/**
	 * Adds the {@code org:} prefix to a role key that lacks it.
	 * @param role the role, or {@code null}
	 * @return the prefixed role, or {@code null}
	 */
	public static @Nullable String normalizeRole(@Nullable String role) {
		if (role == null || role.isBlank()) {
			return null;
		}
		String trimmed = role.trim();
		return trimmed.toLowerCase(Locale.ROOT).startsWith(PREFIX) ? trimmed : PREFIX + trimmed;
	}

}
