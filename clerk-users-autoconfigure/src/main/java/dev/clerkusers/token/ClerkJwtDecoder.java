package dev.clerkusers.token;

import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTParser;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} view of a {@link ClerkTokenVerifier}: Clerk session tokens pass
 * every rule of the verifier (and the application's {@code OAuth2TokenValidator<Jwt>}
 * rules, when the verifier has them) and come out as Spring Security's {@link Jwt}. With
 * it, an application can use Spring Security's resource server support
 * ({@code oauth2ResourceServer(rs -> rs.jwt(withDefaults()))}) and its {@code jwt()} test
 * support with Clerk tokens.
 * <p>
 * A refused token is a {@link BadJwtException} naming the rule's code; keys that cannot
 * be loaded are a plain {@link JwtException}, so that Spring Security answers a server
 * error, not 401.
 */
public final class ClerkJwtDecoder implements JwtDecoder {

	private final ClerkTokenVerifier verifier;

	/**
	 * Creates a decoder.
	 * @param verifier the verifier whose rules every token passes
	 */
	public ClerkJwtDecoder(ClerkTokenVerifier verifier) {
		this.verifier = verifier;
	}

	@Override
	public Jwt decode(String token) {
		ClerkSessionClaims claims;
		try {
			claims = this.verifier.verify(token);
		}
		catch (ClerkTokenException ex) {
			if (ex.getReason() == TokenRejectionReason.KEYS_UNAVAILABLE) {
				throw new JwtException(ex.getReason().code() + ": " + ex.getMessage(), ex);
			}
			throw new BadJwtException(ex.getReason().code() + ": " + ex.getMessage(), ex);
		}
		try {
			return jwt(token.trim(), JWSHeader.parse(JWTParser.parse(token.trim()).getHeader().toBase64URL()), claims);
		}
		catch (ParseException ex) {
			throw new BadJwtException("The token's header cannot be read", ex);
		}
	}

	/**
	 * The {@link Jwt} of a verified token.
	 * @param token the token
	 * @param header its header
	 * @param claims its verified claims
	 * @return the JWT
	 */
	static Jwt jwt(String token, JWSHeader header, ClerkSessionClaims claims) {
		Map<String, Object> headers = new LinkedHashMap<>(header.toJSONObject());
		Map<String, Object> values = new LinkedHashMap<>(claims.claims());
		Instant issuedAt = claims.issuedAt().orElse(null);
		values.put("exp", claims.expiresAt());
		if (issuedAt != null) {
			values.put("iat", issuedAt);
		}
		claims.notBefore().ifPresent((notBefore) -> values.put("nbf", notBefore));
		return new Jwt(token, issuedAt, claims.expiresAt(), headers, values);
	}

}
