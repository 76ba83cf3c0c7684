package dev.clerkusers.user;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * The default {@link PasswordEncoder} of local accounts: Spring Security's delegating
 * encoder (BCrypt for new passwords), except that a password longer than the 72 bytes
 * BCrypt reads matches no BCrypt hash (with its {@code {bcrypt}} prefix or without it).
 * BCrypt would compare its first 72 bytes only, so the stored password followed by
 * anything would sign in; no such hash was made of it, since BCrypt refuses to hash one
 * (and the library to store one).
 * <p>
 * A stored hash without an {@code {id}} prefix (such as a Django hash copied as it was)
 * is matched by the encoder given for such hashes, if any. Without one, it matches no
 * password, and is logged, rather than failing the sign-in with an error. To read another
 * kind of hash, declare this encoder as the application's {@code PasswordEncoder} bean
 * with an encoder for it, rather than an encoder of your own that would drop the rule
 * above: <pre class="code">
 * &#64;Bean
 * PasswordEncoder passwordEncoder() {
 *     return new ClerkPasswordEncoder(new DjangoPbkdf2PasswordEncoder());
 * }
 * </pre>
 */
public final class ClerkPasswordEncoder implements PasswordEncoder {

	private static final Log logger = LogFactory.getLog(ClerkPasswordEncoder.class);

	/** The most bytes of a password that BCrypt reads. */
	private static final int BCRYPT_MAX_BYTES = 72;

	private static final String BCRYPT_ID = "{bcrypt}";

	/** The start of a BCrypt hash: its version and cost, as in {@code $2b$10$}. */
	private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[abxy]?\\$\\d\\d\\$");

	private final PasswordEncoder delegate;

	/**
	 * An encoder under which a stored hash without an {@code {id}} prefix matches no
	 * password.
	 */
	public ClerkPasswordEncoder() {
		this(new UnreadableHashes());
	}

	/**
	 * An encoder that checks stored hashes without an {@code {id}} prefix with the given
	 * encoder. New passwords are still encoded as {@code {bcrypt}}.
	 * @param hashesWithoutId the encoder that matches passwords against hashes without an
	 * {@code {id}} prefix (it is never asked to encode)
	 */
	public ClerkPasswordEncoder(PasswordEncoder hashesWithoutId) {
		Assert.notNull(hashesWithoutId, "hashesWithoutId must not be null");
		DelegatingPasswordEncoder delegate = (DelegatingPasswordEncoder) PasswordEncoderFactories
			.createDelegatingPasswordEncoder();
		delegate.setDefaultPasswordEncoderForMatches(hashesWithoutId);
		this.delegate = delegate;
	}

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		if (rawPassword != null && encodedPassword != null && isBcrypt(encodedPassword)
				&& rawPassword.toString().getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
			return false;
		}
		return this.delegate.matches(rawPassword, encodedPassword);
	}

	/**
	 * Whether a stored hash is BCrypt's: with its {@code {bcrypt}} prefix, or without it
	 * (a migration's {@code $2b$…}, read by the encoder for hashes without an id).
	 */
	private static boolean isBcrypt(String encodedPassword) {
		return encodedPassword.startsWith(BCRYPT_ID) || BCRYPT_HASH.matcher(encodedPassword).lookingAt();
	}

	/**
	 * No stored hash is outdated: the library keeps each as it was stored (a Django hash
	 * copied as it was included) until the password is set again, and has no
	 * {@code UserDetailsPasswordService} to rewrite one. Spring Security's reactive form
	 * login encodes the password again after a sign-in whose hash is outdated, even
	 * without such a service: that would hash each sign-in's password twice, and fail the
	 * sign-in of a password longer than the 72 bytes bcrypt takes.
	 * @param encodedPassword the stored hash
	 * @return {@code false}
	 */
	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return false;
	}

	/**
	 * Matches no password against a hash of no known form, and says so in the log.
	 */
	private static final class UnreadableHashes implements PasswordEncoder {

		@Override
		public @Nullable String encode(@Nullable CharSequence rawPassword) {
			throw new IllegalStateException("New passwords are encoded by the delegating encoder's own encoder");
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			if (encodedPassword != null) {
				logger.warn("A stored password is in a form no PasswordEncoder reads (no {id} prefix that Spring"
						+ " Security's DelegatingPasswordEncoder knows, such as {bcrypt}), so its user cannot sign in"
						+ " with it: store it with a known prefix, set a new one, or declare a ClerkPasswordEncoder bean"
						+ " with an encoder that reads it (see migrating-from-django.md, Passwords)");
			}
			return false;
		}

	}

}
