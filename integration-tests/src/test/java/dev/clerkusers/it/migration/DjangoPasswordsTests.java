package dev.clerkusers.it.migration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkPasswordEncoder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff accounts imported from django-clerk-users as the migration guide says, their
 * Django {@code pbkdf2_sha256} hashes copied as they are and checked by the guide's
 * encoder: they sign in with the login form, and the guide's encoder keeps the library's
 * rule for bcrypt hashes (black-box run 145: it replaced the library's encoder, so a
 * 72-byte password followed by anything signed in).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(DjangoPasswordsTests.GuideEncoder.class)
class DjangoPasswordsTests {

	/** {@code django-pass-phrase}, hashed by Python's {@code hashlib.pbkdf2_hmac}. */
	private static final String DJANGO_HASH = "pbkdf2_sha256$1000$Zq8sAltF0r1$7Ks/q2Vf7NRJ9XmRhIeVnmOb4Vc2biltDz6s/BXIb0M=";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PasswordEncoder encoder;

	@Test
	void aDjangoHashCopiedAsItIsSignsInWithItsPassword() {
		importUser("pbkdf2-staff@example.com", DJANGO_HASH);
		assertThat(signIn("pbkdf2-staff@example.com", "django-pass-phrase")).doesNotContain("error");
		assertThat(signIn("pbkdf2-staff@example.com", "django-pass-phrasE")).endsWith("/login?error");
	}

	@Test
	void aBcryptPasswordFollowedByAnythingStillDoesNotSignIn() {
		String password = "a".repeat(72);
		importUser("long-bcrypt-staff@example.com", this.encoder.encode(password));
		assertThat(signIn("long-bcrypt-staff@example.com", password + "anything")).endsWith("/login?error");
		assertThat(signIn("long-bcrypt-staff@example.com", password)).doesNotContain("error");
	}

	private void importUser(String email, String hash) {
		this.jdbc.update("insert into clerk_users (id, uid, email, password, is_staff, created_at, updated_at) values "
				+ "(nextval('clerk_users_id_seq'), gen_random_uuid(), ?, ?, true, now(), now())", email, hash);
	}

	private String signIn(String email, String password) {
		return HttpTestClient.browser(this.port).formLogin(email, password).header("Location");
	}

	/** The guide's encoder, as migrating-from-django.md declares it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class GuideEncoder {

		@Bean
		PasswordEncoder passwordEncoder() {
			return new ClerkPasswordEncoder(new DjangoPbkdf2PasswordEncoder());
		}

	}

	/** The guide's encoder of Django's pbkdf2_sha256 hashes, as the guide writes it. */
	static class DjangoPbkdf2PasswordEncoder implements PasswordEncoder {

		@Override
		public String encode(CharSequence rawPassword) {
			throw new UnsupportedOperationException("Only checks Django hashes");
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			String[] parts = encodedPassword.split("\\$");
			if (parts.length != 4 || !parts[0].equals("pbkdf2_sha256")) {
				return false;
			}
			try {
				byte[] expected = Base64.getDecoder().decode(parts[3]);
				PBEKeySpec spec = new PBEKeySpec(rawPassword.toString().toCharArray(),
						parts[2].getBytes(StandardCharsets.UTF_8), Integer.parseInt(parts[1]), expected.length * 8);
				byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
				return MessageDigest.isEqual(expected, actual);
			}
			catch (GeneralSecurityException | IllegalArgumentException ex) {
				return false;
			}
		}

	}

}
