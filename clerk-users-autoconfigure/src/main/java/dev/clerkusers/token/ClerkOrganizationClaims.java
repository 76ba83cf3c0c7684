package dev.clerkusers.token;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The active organization of a session, from a session token: the flat {@code org_*}
 * claims of a v1 token, or the {@code o} claim of a v2 token with its permissions decoded
 * from {@code fea}, {@code o.per} and {@code o.fpm}.
 *
 * @param id the organization id ({@code org_…})
 * @param slug the organization slug, if any
 * @param role the user's role key in the organization, always with the {@code org:}
 * prefix (for example {@code org:admin}); v2 tokens carry it without the prefix and it is
 * added
 * @param permissions the user's permissions in the organization, as
 * {@code org:<feature>:<permission>} strings, as the token or membership lists them:
 * without a role none is granted ({@link #hasPermission(String)}, the authorities), so
 * check with {@code hasPermission} rather than {@code permissions().contains}
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
	 * Whether the user has this role in the organization. Role keys are compared as
	 * {@code @clerk/backend}'s {@code has()} compares them: exactly (case and spaces
	 * count), once both carry the {@code org:} prefix, so the answer is that of
	 * {@code hasAuthority} on the prefixed key.
	 * @param role the role, with or without the {@code org:} prefix
	 * @return {@code true} when it is the user's role
	 */
	public boolean hasRole(String role) {
		return this.role != null && this.role.equals(normalizeRole(role));
	}

	/**
	 * Whether the user has this permission in the organization. Compared exactly, as
	 * roles are; without a role in the organization no permission is granted, as
	 * {@code @clerk/backend}'s {@code has()} answers.
	 * @param permission the permission, with or without the {@code org:} prefix (for
	 * example {@code org:teams:manage} or {@code teams:manage})
	 * @return {@code true} when the token grants it
	 */
	public boolean hasPermission(String permission) {
		return this.role != null && this.permissions.contains(prefixed(permission));
	}

	/**
	 * The role key with the {@code org:} prefix, as {@code @clerk/backend} writes it: a
	 * key without it gets it, and a prefix repeated counts once. Nothing else changes (no
	 * case, no spaces): a blank role, or the prefix alone ({@code org:}, the key of no
	 * role), is no role.
	 * @param role the role, or {@code null}
	 * @return the prefixed role, or {@code null}
	 */
	public static @Nullable String normalizeRole(@Nullable String role) {
		if (role == null) {
			return null;
		}
		String prefixed = prefixed(role);
		return prefixed.substring(PREFIX.length()).isBlank() ? null : prefixed;
	}

	private static String prefixed(String key) {
		String unprefixed = key;
		while (unprefixed.startsWith(PREFIX)) {
			unprefixed = unprefixed.substring(PREFIX.length());
		}
		return PREFIX + unprefixed;
	}

}
