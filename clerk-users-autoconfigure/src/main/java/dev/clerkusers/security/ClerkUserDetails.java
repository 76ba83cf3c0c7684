package dev.clerkusers.security;

import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A {@link ClerkUser} as Spring Security's form login sees it: the email is the username,
 * the stored hash the password. Details are equal when their users are the same user, so
 * that Spring Security's session registry counts a user's form logins together under
 * {@code maximumSessions(n)}, as it does Spring Security's own
 * {@link org.springframework.security.core.userdetails.User User}'s by username.
 * <p>
 * Details keep no password hash where a session store outside the JVM could read it:
 * their password is not written by Java serialization (nor is their user's, see
 * {@link ClerkUser}), and what tells whether the password changed since the sign-in is a
 * SHA-256 digest of the hash it signed in with.
 */
public class ClerkUserDetails implements UserDetails, CredentialsContainer {

	@Serial
	private static final long serialVersionUID = 1L;

	private final ClerkUser user;

	private final List<GrantedAuthority> authorities;

	private transient @Nullable String password;

	/**
	 * SHA-256 of the password hash the user signed in with, to tell whether it changed.
	 */
	private final byte @Nullable [] passwordDigest;

	/**
	 * Creates user details.
	 * @param user the user
	 * @param authorities the user's authorities
	 */
	public ClerkUserDetails(ClerkUser user, Collection<? extends GrantedAuthority> authorities) {
		this.user = user;
		this.authorities = List.copyOf(authorities);
		this.password = user.getPassword();
		this.passwordDigest = digest(user.getPassword());
	}

	private ClerkUserDetails(ClerkUser user, ClerkUserDetails signIn) {
		this.user = user;
		this.authorities = signIn.authorities;
		this.password = signIn.password;
		this.passwordDigest = signIn.passwordDigest;
	}

	/**
	 * The user.
	 * @return the user
	 */
	public ClerkUser getUser() {
		return this.user;
	}

	/**
	 * The same sign-in for its user as stored now, once
	 * {@link #holdsFor(ClerkUser, Instant)} found that it holds: the same authorities,
	 * with the user's current data (names, metadata), so that {@code @CurrentClerkUser}
	 * of a sign-in kept in the session is the user as it is, as a token's is.
	 * @param current the user as stored now
	 * @return the details for the current user
	 */
	public ClerkUserDetails withUser(ClerkUser current) {
		return new ClerkUserDetails(current, this);
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return this.authorities;
	}

	@Override
	public @Nullable String getPassword() {
		return this.password;
	}

	@Override
	public String getUsername() {
		String email = this.user.getEmail();
		return (email != null) ? email : this.user.getUid().toString();
	}

	@Override
	public boolean isEnabled() {
		return this.user.isActive();
	}

	@Override
	public boolean isAccountNonLocked() {
		return !this.user.isLockedAt(Instant.now());
	}

	/**
	 * Whether a sign-in with these details still holds for its user as stored now: the
	 * user is active and not locked out, and has the email (the username it signed in
	 * by), the password and the staff and superuser rights it signed in with.
	 * @param current the user as stored now
	 * @param now the time, for lockouts
	 * @return {@code true} when the sign-in holds
	 */
	public boolean holdsFor(ClerkUser current, Instant now) {
		return current.isActive() && !current.isLockedAt(now)
				&& MessageDigest.isEqual(this.passwordDigest, digest(current.getPassword()))
				&& current.hasEmail(this.user.getEmail()) && this.user.isStaff() == current.isStaff()
				&& this.user.isSuperuser() == current.isSuperuser();
	}

	private static byte @Nullable [] digest(@Nullable String hash) {
		if (hash == null) {
			return null;
		}
		try {
			return MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	@Override
	public void eraseCredentials() {
		this.password = null;
	}

	/**
	 * Whether the other object is details of the same user (by the user's
	 * {@linkplain ClerkUser#getUid() uid}), whatever their authorities.
	 * @param other the other object
	 * @return {@code true} for details of the same user
	 */
	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof ClerkUserDetails that) && this.user.equals(that.user);
	}

	@Override
	public int hashCode() {
		return this.user.hashCode();
	}

	@Override
	public String toString() {
		return "ClerkUserDetails[" + getUsername() + "]";
	}

}
