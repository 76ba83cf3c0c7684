package dev.clerkusers.token;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;

/**
 * Real signed M2M and OAuth JWTs, shaped as {@code @clerk/backend}'s fixtures
 * ({@code fixtures/machine.ts}), signed with {@link TestJwts#KEY}.
 */
final class MachineJwts {

	static final String MACHINE = "mch_2vYVtestTESTtestTESTtestTES";

	private MachineJwts() {
	}

	static Map<String, Object> m2mClaims(Instant now) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", TestJwts.ISSUER);
		claims.put("sub", MACHINE);
		claims.put("aud", List.of("mch_1xxxxx", "mch_2xxxxx"));
		claims.put("exp", now.getEpochSecond() + 3600);
		claims.put("iat", now.getEpochSecond());
		claims.put("nbf", now.getEpochSecond());
		claims.put("jti", "mt_0123456789abcdef0123456789abcdef");
		claims.put("scopes", "mch_1xxxxx mch_2xxxxx");
		return claims;
	}

	static Map<String, Object> oauthClaims(Instant now) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("azp", "client_2VTWUzvGC5UhdJCNx6xG1D98edc");
		claims.put("exp", now.getEpochSecond() + 3600);
		claims.put("iat", now.getEpochSecond());
		claims.put("iss", TestJwts.ISSUER);
		claims.put("nbf", now.getEpochSecond());
		claims.put("sid", "sess_1");
		claims.put("sub", "user_2vYVtestTESTtestTESTtestTES");
		claims.put("client_id", "client_2VTWUzvGC5UhdJCNx6xG1D98edc");
		claims.put("scope", "read:foo write:bar");
		claims.put("jti", "oat_0123456789abcdef0123456789abcdef");
		return claims;
	}

	static String m2m(Map<String, Object> claims) {
		return TestJwts.sign(TestJwts.KEY, TestJwts.header(TestJwts.KEY).build(), claims);
	}

	static String m2m(JWSHeader header, Map<String, Object> claims) {
		return TestJwts.sign(TestJwts.KEY, header, claims);
	}

	static String oauth(Map<String, Object> claims) {
		return oauth("at+jwt", claims);
	}

	static String oauth(String type, Map<String, Object> claims) {
		return TestJwts.sign(TestJwts.KEY, TestJwts.header(TestJwts.KEY).type(new JOSEObjectType(type)).build(),
				claims);
	}

}
