package dev.clerkusers.token;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PemKeySourceTests {

	private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";

	private static final String END = "-----END PUBLIC KEY-----";

	/** {@code mockPEMJwtKey} of @clerk/backend's fixtures. */
	private static final String PEM = "-----BEGIN PUBLIC KEY-----\n"
			+ "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA8Z1oLQbaYkakUSIYRvjm\n"
			+ "OoeXMDFFjynGP2+gVy0mQJHYgVhgo34RsQgZoz7rSNm/EOL+l/mHTqQAhwaf9Ef8\n"
			+ "X5vsPX8vP3RNRRm3XYpbIGbOcANJaHihJZwnzG9zIGYF8ki+m55zftO7pkOoXDtI\n"
			+ "qCt+5nIUQjGJK5axFELrnWaz2qcR03A7rYKQc3F1gut2Ru1xfmiJVUlQe0tLevQO\n"
			+ "/FzfYpWu7+691q+ZRUGxWvGc0ays4ACa7JXElCIKXRv/yb3Vc1iry77HRAQ28J7F\n"
			+ "qpj5Cb+sxfFI+Vhf1GB1bNeOLPR10nkSMJ74HB0heHi/SsM83JiGekv0CpZPCC8j\n" + "cQIDAQAB\n"
			+ "-----END PUBLIC KEY-----";

	@Test
	void parsesAPemKeyAsTheDashboardShowsIt() {
		assertThat(PemKeySource.parse(PEM).getModulus().bitLength()).isEqualTo(2048);
	}

	@Test
	void toleratesEscapedNewlinesAsEnvironmentVariablesHaveThem() {
		assertThat(PemKeySource.parse(PEM.replace("\n", "\\n"))).isEqualTo(PemKeySource.parse(PEM));
	}

	@Test
	void toleratesMissingNewlinesAndAMissingHeader() {
		String oneLine = PEM.replace("\n", "");
		String bare = PEM.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
		assertThat(PemKeySource.parse(oneLine)).isEqualTo(PemKeySource.parse(PEM));
		assertThat(PemKeySource.parse(bare)).isEqualTo(PemKeySource.parse(PEM));
	}

	@Test
	void refusesSomethingElse() {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeySource.parse("not a key"));
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeySource.parse("  "));
	}

	/**
	 * Black-box run 114: a key that was not one stopped the application with the chain of
	 * the JDK's exceptions ({@code DerInputStream.getLength(): lengthTag=42, too big}) as
	 * its reason.
	 */
	@Test
	void saysInItsOwnWordsWhyTextIsNotAKey() throws NoSuchAlgorithmException {
		assertRefused("garbage", "The PEM key is not an RSA public key");
		assertRefused(BEGIN + "\nnot*base64\n" + END, "The PEM key is not Base64");
		assertRefused(
				pem("PRIVATE KEY", KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded()),
				"The PEM key is a private key");
		assertRefused(PEM.replace("PUBLIC KEY", "RSA PUBLIC KEY"), "PKCS#1");
		assertRefused(PEM.replace("PUBLIC KEY", "CERTIFICATE"), "a CERTIFICATE");
		assertRefused(pem("PUBLIC KEY", KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic().getEncoded()),
				"The PEM key is not an RSA public key");
		assertRefused(pem("PUBLIC KEY", "not a DER structure".getBytes()), "The PEM key is not an RSA public key");
	}

	private static void assertRefused(String text, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeySource.parse(text))
			.withMessageContaining(reason)
			.withMessageNotContaining("Exception")
			.withMessageNotContaining("java.");
	}

	private static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
				+ "-----";
	}

}
