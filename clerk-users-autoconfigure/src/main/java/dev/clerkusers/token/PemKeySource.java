package dev.clerkusers.token;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;

import com.nimbusds.jose.JWSHeader;

import org.springframework.security.converter.RsaKeyConverters;

/**
 * A single public key given in PEM form (Clerk dashboard, API keys, "JWKS Public Key"):
 * verification without any network call. Every token is checked against this key,
 * whatever its {@code kid}.
 */
public final class PemKeySource implements ClerkKeySource {

	private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";

	private static final String END = "-----END PUBLIC KEY-----";

	private final RSAPublicKey key;

	/**
	 * Creates a key source from a PEM key. Escaped newlines ({@code \n} as two
	 * characters), missing newlines and a missing header and footer are tolerated, as
	 * environment variables often mangle them.
	 * @param pem the PEM-encoded RSA public key
	 * @throws IllegalArgumentException when the text is not an RSA public key
	 */
	public PemKeySource(String pem) {
		this.key = parse(pem);
	}

	/**
	 * Creates a key source from a key.
	 * @param key the RSA public key
	 */
	public PemKeySource(RSAPublicKey key) {
		this.key = key;
	}

	@Override
	public RSAPublicKey keyFor(JWSHeader header) {
		return this.key;
	}

	@Override
	public boolean holdsKeyFor(JWSHeader header) {
		return true;
	}

	/**
	 * Parses a PEM-encoded RSA public key, tolerating mangled newlines.
	 * @param pem the key
	 * @return the key
	 * @throws IllegalArgumentException when the text is not an RSA public key
	 */
	public static RSAPublicKey parse(String pem) {
		String body = pem.replace("\\n", "\n").replace(BEGIN, "").replace(END, "").replaceAll("\\s", "");
		if (body.isEmpty()) {
			throw new IllegalArgumentException("The PEM key is empty");
		}
		StringBuilder normalized = new StringBuilder(BEGIN).append('\n');
		for (int i = 0; i < body.length(); i += 64) {
			normalized.append(body, i, Math.min(body.length(), i + 64)).append('\n');
		}
		normalized.append(END).append('\n');
		try {
			return RsaKeyConverters.x509()
				.convert(new ByteArrayInputStream(normalized.toString().getBytes(StandardCharsets.US_ASCII)));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("The PEM key is not an RSA public key: " + ex.getMessage(), ex);
		}
	}

}
