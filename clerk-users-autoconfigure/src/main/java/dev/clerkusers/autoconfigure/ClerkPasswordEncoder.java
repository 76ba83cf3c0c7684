package dev.clerkusers.autoconfigure;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The default {@link PasswordEncoder} of local accounts: Spring Security's delegating
 * encoder (BCrypt for new passwords), except that a password longer than the 72 bytes
 * BCrypt reads matches no BCrypt hash. BCrypt would compare its first 72 bytes only, so
 * the stored password followed by anything would sign in; no such hash was made of it,
 * since BCrypt refuses to hash one (and the library to store one).
 */
final class ClerkPasswordEncoder implements PasswordEncoder {

	/** The most bytes of a password that BCrypt reads. */
	private static final int BCRYPT_MAX_BYTES = 72;

	private static final String BCRYPT_ID = "{bcrypt}";

	private final PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		if (rawPassword != null && encodedPassword != null && encodedPassword.startsWith(BCRYPT_ID)
				&& rawPassword.toString().getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
			return false;
		}
		return this.delegate.matches(rawPassword, encodedPassword);
	}

	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

}
