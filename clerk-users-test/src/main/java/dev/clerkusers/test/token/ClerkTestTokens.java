package dev.clerkusers.test.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.http.HttpHeaders;

/**
 * A Clerk instance's signing key, for tests: a generated 2048-bit RSA key, its JWKS, its
 * PEM public key, and a builder of real signed session tokens.
 *
 * <pre class="code">
 * ClerkTestTokens tokens = ClerkTestTokens.generate();
 * String token = tokens.session("user_123").organization("org_1", "acme", "org:admin").sign();
 * String v1 = tokens.session("user_123").v1().organization("org_1", "acme", "org:admin").sign();
 * </pre>
 *
 * Tokens are version 2 session tokens with Clerk's default claims unless made
 * {@link SessionTokenBuilder#v1() version 1}, signed with RS256 as Clerk signs them,
 * issued by {@link #issuer()} for {@link #authorizedParty()} unless told otherwise, and
 * live 60 seconds, as Clerk's do.
 */
public final class ClerkTestTokens {

	/**
	 * The issuer of tokens unless set otherwise: a Frontend API URL on the reserved
	 * {@code .test} domain.
	 */
	public static final String DEFAULT_ISSUER = "https://clerk.clerk-users.test";

	/** The authorized party of tokens unless set otherwise. */
	public static final String DEFAULT_AUTHORIZED_PARTY = "http://localhost:3000";

	private final RSAKey key;

	private final String issuer;

	private final String authorizedParty;

	private ClerkTestTokens(RSAKey key, String issuer, String authorizedParty) {
		this.key = key;
		this.issuer = issuer;
		this.authorizedParty = authorizedParty;
	}

	/**
	 * Generates a new key, with the default issuer and authorized party.
	 * @return the tokens
	 */
	public static ClerkTestTokens generate() {
		return generate(DEFAULT_ISSUER, DEFAULT_AUTHORIZED_PARTY);
	}

	/**
	 * Generates a new key.
	 * @param issuer the issuer of the tokens, an instance's Frontend API URL
	 * @param authorizedParty the authorized party of the tokens, the frontend's origin
	 * @return the tokens
	 */
	public static ClerkTestTokens generate(String issuer, String authorizedParty) {
		return generate(issuer, authorizedParty,
				"ins_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
	}

	/**
	 * Generates a new key of a given Clerk instance, with the default issuer and
	 * authorized party: its key id is the instance id, as Clerk names the signing key of
	 * an instance ({@link #generate()} makes up a new instance id each time).
	 * @param instanceId the instance id, {@code ins_…}
	 * @return the tokens
	 */
	public static ClerkTestTokens forInstance(String instanceId) {
		Objects.requireNonNull(instanceId, "instanceId must not be null");
		return generate(DEFAULT_ISSUER, DEFAULT_AUTHORIZED_PARTY, instanceId);
	}

	private static ClerkTestTokens generate(String issuer, String authorizedParty, String keyId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
				.privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.build();
			return new ClerkTestTokens(key, issuer, authorizedParty);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("RSA is not available", ex);
		}
	}

	/**
	 * Starts a session token of a user, with a fresh session id.
	 * @param userId the Clerk user id ({@code sub})
	 * @return a builder
	 */
	public SessionTokenBuilder session(String userId) {
		return new SessionTokenBuilder(this.key, requireSubject(userId), this.issuer, this.authorizedParty);
	}

	/**
	 * Signs a valid session token of a user with the defaults: a version 2 token with
	 * Clerk's default claims, see {@link SessionTokenBuilder}.
	 * @param userId the Clerk user id
	 * @return the token
	 */
	public String token(String userId) {
		return session(userId).sign();
	}

	/**
	 * Starts a JWT-format M2M token sent by a machine, signed with this instance's key.
	 * @param machineId the sending machine ({@code sub}, {@code mch_…})
	 * @return a builder
	 */
	public MachineTokenBuilder m2mToken(String machineId) {
		return new MachineTokenBuilder(this.key, false, requireSubject(machineId), this.issuer);
	}

	/**
	 * Starts a JWT-format OAuth access token of a user, signed with this instance's key.
	 * @param userId the user who granted access ({@code sub})
	 * @return a builder
	 */
	public MachineTokenBuilder oauthToken(String userId) {
		return new MachineTokenBuilder(this.key, true, requireSubject(userId), this.issuer);
	}

	/**
	 * A token's subject, which a test names: one without {@code sub} is made with
	 * {@code claim("sub", null)}.
	 */
	private static String requireSubject(String subject) {
		return Objects.requireNonNull(subject,
				"A token names its subject, the user or machine id given, which must not be null; leave sub out "
						+ "on purpose with claim(\"sub\", null)");
	}

	/**
	 * Adds {@code Authorization: Bearer <token>} to headers; for {@code RestClient},
	 * {@code WebTestClient} or {@code TestRestTemplate}:
	 * {@code .headers(tokens.bearer(token))}.
	 * @param token a session token
	 * @return the header customizer
	 */
	public static Consumer<HttpHeaders> bearer(String token) {
		Objects.requireNonNull(token, "token must not be null");
		return (headers) -> headers.setBearerAuth(token);
	}

	/**
	 * The key id, as Clerk's instance id is.
	 * @return the {@code kid}
	 */
	public String keyId() {
		return this.key.getKeyID();
	}

	/**
	 * The issuer of the tokens.
	 * @return the Frontend API URL
	 */
	public String issuer() {
		return this.issuer;
	}

	/**
	 * The authorized party of the tokens.
	 * @return the origin
	 */
	public String authorizedParty() {
		return this.authorizedParty;
	}

	/**
	 * The key pair as a JWK, private key included, for signing tokens yourself.
	 * @return the private JWK
	 */
	public RSAKey privateJwk() {
		return this.key;
	}

	/**
	 * The public key as a JWK.
	 * @return the public JWK
	 */
	public RSAKey publicJwk() {
		return this.key.toPublicJWK();
	}

	/**
	 * The public key set, as Clerk's {@code /v1/jwks} and {@code /.well-known/jwks.json}
	 * return it.
	 * @return the JWKS JSON
	 */
	public String jwksJson() {
		return new JWKSet(this.key.toPublicJWK()).toString();
	}

	/**
	 * The public key in PEM form, as the Clerk dashboard shows it (for
	 * {@code clerk.jwt-key}).
	 * @return the PEM
	 */
	public String publicKeyPem() {
		try {
			String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(this.key.toRSAPublicKey().getEncoded());
			return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
