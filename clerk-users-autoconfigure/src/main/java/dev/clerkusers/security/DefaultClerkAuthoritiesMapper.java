package dev.clerkusers.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The default authorities:
 * <ul>
 * <li>{@value #USER} for every user;</li>
 * <li>{@value #STAFF} and {@value #SUPERUSER} from the user's flags;</li>
 * <li>the role in the active organization, as its key (for example
 * {@code org:admin});</li>
 * <li>each permission in the active organization (for example {@code org:teams:manage}),
 * when the user has a role there (as Clerk's {@code has()} grants none without one).</li>
 * </ul>
 */
public class DefaultClerkAuthoritiesMapper implements ClerkAuthoritiesMapper {

	/** Authority of every user. */
	public static final String USER = "ROLE_USER";

	/** Authority of staff users. */
	public static final String STAFF = "ROLE_STAFF";

	/** Authority of superusers. */
	public static final String SUPERUSER = "ROLE_SUPERUSER";

	@Override
	public Collection<GrantedAuthority> authorities(@Nullable ClerkUser user, @Nullable ClerkSessionClaims claims,
			@Nullable ClerkOrganizationClaims organization) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(USER));
		if (user != null && user.isStaff()) {
			authorities.add(new SimpleGrantedAuthority(STAFF));
		}
		if (user != null && user.isSuperuser()) {
			authorities.add(new SimpleGrantedAuthority(SUPERUSER));
		}
		// Without a role in the organization, no permission either, as Clerk's has().
		if (organization != null && organization.role() != null) {
			authorities.add(new SimpleGrantedAuthority(organization.role()));
			for (String permission : organization.permissions()) {
				// None of Clerk's is blank; one an application's own memberships give
				// grants nothing, rather than failing the request.
				if (!permission.isBlank()) {
					authorities.add(new SimpleGrantedAuthority(permission));
				}
			}
		}
		return authorities;
	}

}
