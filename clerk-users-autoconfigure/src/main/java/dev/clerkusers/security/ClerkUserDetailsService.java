package dev.clerkusers.security;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Form login over the users table: the username is the email, in any case. A user without
 * a password cannot sign in with one (it is reported as not found, like an unknown email,
 * so the two cannot be told apart).
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
		ClerkUser user = this.users.findByEmail(username)
			.filter(ClerkUser::hasPassword)
			.orElseThrow(() -> new UsernameNotFoundException("No user with a password has this email"));
		return new ClerkUserDetails(user, this.authoritiesMapper.authorities(user, null, null));
	}

}
