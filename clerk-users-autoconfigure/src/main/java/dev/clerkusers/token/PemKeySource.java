package dev.clerkusers.token;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern LABEL = Pattern.compile("-----BEGIN ([^-]*)-----");

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
		String text = pem.replace("\\n", "\n");
		Matcher label = LABEL.matcher(text);
		if (label.find() && !label.group(1).equals("PUBLIC KEY")) {
			throw new IllegalArgumentException(otherThanAPublicKey(label.group(1)));
		}
		String body = text.replace(BEGIN, "").replace(END, "").replaceAll("\\s", "");
		if (body.isEmpty()) {
			throw new IllegalArgumentException("The PEM key is empty");
		}
		try {
			Base64.getDecoder().decode(body);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The PEM key is not Base64 between its " + BEGIN + " and " + END
					+ " lines: it is not the dashboard's JWKS Public Key");
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
			// The JDK's reason (DerInputStream...) tells a user nothing they can act on.
			throw new IllegalArgumentException(
					"The PEM key is not an RSA public key: its Base64 holds another kind of key, or none", ex);
		}
	}

	private static String otherThanAPublicKey(String label) {
		if (label.contains("PRIVATE")) {
			return "The PEM key is a private key (-----BEGIN " + label
					+ "-----), which must stay with its owner: give the public key (" + BEGIN + ")";
		}
		if (label.equals("RSA PUBLIC KEY")) {
			return "The PEM key is in PKCS#1 form (-----BEGIN RSA PUBLIC KEY-----): give it in X.509 form (" + BEGIN
					+ "), as the dashboard shows it";
		}
		return "The PEM text is a " + label + ", not a public key (" + BEGIN + ")";
	}

}
