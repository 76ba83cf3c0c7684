package dev.clerkusers.user;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ClerkPasswordEncoderTests {

	private final PasswordEncoder encoder = new ClerkPasswordEncoder();

	/**
	 * Black-box run 109: BCrypt reads 72 bytes of a password, so a sign-in with the
	 * stored 72-byte password and anything after it was accepted. A password longer than
	 * BCrypt reads matches no BCrypt hash: none was made of it (the library refuses to
	 * store one).
	 */
	@Test
	void aPasswordLongerThanBcryptReadsMatchesNoBcryptHash() {
		String stored = "p".repeat(72);
		String hash = this.encoder.encode(stored);
		assertThat(hash).startsWith("{bcrypt}");
		assertThat(this.encoder.matches(stored, hash)).isTrue();
		assertThat(this.encoder.matches(stored + "EXTRA", hash)).isFalse();
		assertThat(this.encoder.matches("p".repeat(71) + "é", this.encoder.encode("p".repeat(71)))).isFalse();
		assertThat(this.encoder.matches("wrong", hash)).isFalse();
	}

	@Test
	void otherHashesAreCheckedAsSpringChecksThem() {
		String longPassword = "q".repeat(100);
		assertThat(this.encoder.matches(longPassword, "{noop}" + longPassword)).isTrue();
	}

	/**
	 * Black-box run 176: Spring Security's reactive form login encodes the password again
	 * after each sign-in whose hash the encoder calls outdated, even without a password
	 * service to store the new hash. For a Django hash copied as it was, that was a
	 * bcrypt hash made and thrown away, and a 500 for a password longer than the 72 bytes
	 * bcrypt takes. The library keeps each hash as stored, so none is outdated to it.
	 */
	@Test
	void noStoredHashIsOutdatedSoAReactiveSignInNeverEncodesAgain() {
		PasswordEncoder hashesWithoutId = new PasswordEncoder() {

			@Override
			public String encode(@Nullable CharSequence rawPassword) {
				throw new IllegalStateException("never asked to encode");
			}

			@Override
			public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
				return ("plain$" + rawPassword).equals(encodedPassword);
			}

		};
		ClerkPasswordEncoder encoder = new ClerkPasswordEncoder(hashesWithoutId);
		String password = "a long pass phrase kept from Django ".repeat(4);
		UserDetailsRepositoryReactiveAuthenticationManager manager = new UserDetailsRepositoryReactiveAuthenticationManager(
				new MapReactiveUserDetailsService(
						User.withUsername("staff@example.com").password("plain$" + password).roles("STAFF").build()));
		manager.setPasswordEncoder(encoder);
		Authentication signedIn = manager
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("staff@example.com", password))
			.block();
		assertThat(signedIn).isNotNull();
		assertThat(signedIn.isAuthenticated()).isTrue();
		assertThat(encoder.upgradeEncoding("plain$x")).isFalse();
		assertThat(encoder.upgradeEncoding("{noop}x")).isFalse();
		assertThat(encoder.upgradeEncoding(encoder.encode("x"))).isFalse();
	}

	/**
	 * Black-box run 129: a Django hash copied without an encoder that reads it
	 * ({@code pbkdf2_sha256$…}, no {@code {id}}) made every sign-in of its user a 500,
	 * the delegating encoder's {@code IllegalArgumentException}. It matches no password,
	 * and the error is logged for the operator, without the hash.
	 */
	@Test
	void aHashOfNoKnownFormMatchesNothingAndIsLogged(CapturedOutput output) {
		String django = "pbkdf2_sha256$600000$salt$aGFzaA==";
		assertThat(this.encoder.matches("a long pass phrase", django)).isFalse();
		assertThat(this.encoder.matches("a long pass phrase", "{argon9}x")).isFalse();
		assertThat(output).contains("no PasswordEncoder reads").doesNotContain("aGFzaA");
	}

	/**
	 * Black-box run 152, F2: BCrypt hashes stored without the {@code {bcrypt}} prefix (a
	 * migration's bare {@code $2b$…}) read by an encoder for hashes without an
	 * {@code {id}} lost the 72-byte rule: the stored password followed by anything signed
	 * in. The rule holds for every BCrypt hash, prefixed or not.
	 */
	@Test
	void theRuleHoldsForBcryptHashesStoredWithoutTheirPrefix() {
		PasswordEncoder encoder = new ClerkPasswordEncoder(new BCryptPasswordEncoder());
		String stored = "k".repeat(72);
		String bare = new BCryptPasswordEncoder().encode(stored);
		assertThat(bare).startsWith("$2");
		assertThat(encoder.matches(stored, bare)).isTrue();
		assertThat(encoder.matches(stored + "-anything", bare)).isFalse();
		assertThat(encoder.matches("other", bare)).isFalse();
	}

	/**
	 * Black-box run 145: an application that reads hashes without an {@code {id}}
	 * (Django's) with an encoder of its own keeps the rule for BCrypt hashes.
	 */
	@Test
	void anEncoderForHashesWithoutIdKeepsTheRuleForBcryptHashes() {
		PasswordEncoder legacy = new PasswordEncoder() {

			@Override
			public String encode(CharSequence rawPassword) {
				throw new UnsupportedOperationException();
			}

			@Override
			public boolean matches(CharSequence rawPassword, String encodedPassword) {
				return encodedPassword.equals("legacy$" + rawPassword);
			}

		};
		PasswordEncoder encoder = new ClerkPasswordEncoder(legacy);
		assertThat(encoder.matches("old-pass", "legacy$old-pass")).isTrue();
		assertThat(encoder.matches("other-pass", "legacy$old-pass")).isFalse();
		String stored = "p".repeat(72);
		String hash = encoder.encode(stored);
		assertThat(hash).startsWith("{bcrypt}");
		assertThat(encoder.matches(stored, hash)).isTrue();
		assertThat(encoder.matches(stored + "EXTRA", hash)).isFalse();
	}

}
