package dev.clerkusers.security;

import java.util.Collection;
import java.util.List;

import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;

/**
 * Maps a user, and the claims of the token they signed in with, to authorities. Declare a
 * bean of this type to replace {@link DefaultClerkAuthoritiesMapper}; it is used for
 * Clerk token requests, for form login, and by the test kit's {@code @WithClerkUser}. At
 * least one of the user and the claims is given. Requests made with a machine token get
 * {@code SCOPE_<scope>} for each of its scopes, plus what
 * {@link #machineAuthorities(ClerkMachineToken)} adds.
 */
@FunctionalInterface
public interface ClerkAuthoritiesMapper {

	/**
	 * Returns the authorities of a user.
	 * @param user the local user, or {@code null} in an application without the users
	 * table
	 * @param claims the verified claims, or {@code null} for a form login
	 * @param organization the active organization, or {@code null}
	 * @return the authorities
	 */
	Collection<GrantedAuthority> authorities(@Nullable ClerkUser user, @Nullable ClerkSessionClaims claims,
			@Nullable ClerkOrganizationClaims organization);

	/**
	 * Returns the authorities a machine token has beyond {@code SCOPE_<scope>} for each
	 * of its scopes, which it always has.
	 * @param machine the verified API key, M2M or OAuth token
	 * @return the extra authorities (none by default)
	 */
	default Collection<GrantedAuthority> machineAuthorities(ClerkMachineToken machine) {
		return List.of();
	}

}
