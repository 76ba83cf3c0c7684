package dev.clerkusers.security;

import java.util.Optional;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Form login over the users table: the username is the email, in any case. A user without
 * a password cannot sign in with one (it is reported as not found, like an unknown email,
 * so the two cannot be told apart). When the users cannot be read (the database is down),
 * it throws a {@link ClerkServiceUnavailableException}
 * ({@value ClerkServiceUnavailableException#DATABASE_UNAVAILABLE}): the sign-in fails as
 * an outage, with a message that says to try again, not as a wrong password, and a login
 * page can tell the two apart by that cause.
 */
public class ClerkUserDetailsService implements UserDetailsService {

	private final ClerkUserService users;

	private final ClerkAuthoritiesMapper authoritiesMapper;

	/**
	 * Creates the service.
	 * @param users the user service
	 * @param authoritiesMapper maps authorities (without token claims)
	 */
	public ClerkUserDetailsService(ClerkUserService users, ClerkAuthoritiesMapper authoritiesMapper) {
		this.users = users;
		this.authoritiesMapper = authoritiesMapper;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		Optional<ClerkUser> found;
		try {
			found = this.users.findByEmail(username);
		}
		catch (RuntimeException ex) {
			throw ClerkServiceUnavailableException.whileReading(ex, "The users could not be read; try again shortly");
		}
		ClerkUser user = found.filter(ClerkUser::hasPassword)
			.orElseThrow(() -> new UsernameNotFoundException("No user with a password has this email"));
		return new ClerkUserDetails(user, this.authoritiesMapper.authorities(user, null, null));
	}

}
