package dev.clerkusers.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The session token Clerk issued that {@code @clerk/backend} uses as its fixture
 * (clerk/javascript, packages/backend/src/fixtures/index.ts, MIT licence): a real Clerk
 * token, verified with the clock fixed inside its lifetime, and its tampered, malformed
 * and expired siblings refused.
 */
class ClerkFixtureTokenTests {

	/** {@code mockJwt}. */
	static final String MOCK_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODMxMCwiaWF0IjoxNjY2NjQ4MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";

	/**
	 * {@code mockInvalidSignatureJwt}: the same signature over a payload whose azp was
	 * changed.
	 */
	static final String TAMPERED_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLnRhbXBlcmVkLWRvbWFpbi5kZXYiLCJleHAiOjE2NjY2NDgzMTAsImlhdCI6MTY2NjY0ODI1MCwiaXNzIjoiaHR0cHM6Ly9jbGVyay5pbnNwaXJlZC5wdW1hLTc0LmxjbC5kZXYiLCJuYmYiOjE2NjY2NDgyNDAsInNpZCI6InNlc3NfMkdiREI0ZW5OZENhNXZTMXpwQzNYemc5dEs5Iiwic3ViIjoidXNlcl8yR0lwWE9FcFZ5Snc1MXJrWm45S21uYzZTeHIifQ.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";

	/**
	 * {@code mockMalformedJwt}: a payload with only iat, under the same header and
	 * signature.
	 */
	static final String MALFORMED_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE2NjY2NDgyNTB9.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";

	/** {@code mockJwks}. */
	static final String MOCK_JWKS = """
			{"keys": [{"use": "sig", "kty": "RSA", "kid": "ins_2GIoQhbUpy0hX7B2cVkuTMinXoD", "alg": "RS256", \
			"n": "u0tNUitBZmcGYMWcqvaRBaJe0XmTQ738RHYoHjhYANyeOkysuu4L_Rqr-fmTXsbebrTp7_OewIqsJXImEWB_WQ3HN9lAkOMCCGDU1udsz_sl1Kwy5JZ7x8Nr4ghXJagQzEF0Ovsj7_TPsBJGkVJ-OiZsTXCe7EAmG5gNGGPBE5Gu14Rwb-eZ5r9RCAaPfhxR1yHYTAvCrku_6i2os7RLpT6UockKtX4QQSH2CMveNwqd6LdwhV8USZrczB2VYkAImngJC745-EWek1sVExYkqheGvC3J8O7D9H4JtaKD2zaq0rJzsIU0zb_wwax5-La-uRuPYvTXlO8B8IK4jjNMCQ", \
			"e": "AQAB"}]}""";

	static final String ISSUER = "https://clerk.inspired.puma-74.lcl.dev";

	static final String PARTY = "https://accounts.inspired.puma-74.lcl.dev";

	/** Inside the token's lifetime: iat 1666648250, exp 1666648310. */
	private static final Instant DURING = Instant.ofEpochSecond(1666648280);

	@Test
	void clerksOwnTokenVerifiesWithTheClockInsideItsLifetime() {
		ClerkSessionClaims claims = verifier(DURING).verify(MOCK_JWT);
		assertThat(claims.userId()).isEqualTo("user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr");
		assertThat(claims.sessionId()).isEqualTo("sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9");
		assertThat(claims.issuer()).contains(ISSUER);
		assertThat(claims.authorizedParty()).contains(PARTY);
		assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(1666648310));
	}

	@Test
	void theTamperedSiblingIsRefusedForItsSignature() {
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier(DURING).verify(TAMPERED_JWT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_SIGNATURE));
	}

	@Test
	void theMalformedSiblingIsRefused() {
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier(DURING).verify(MALFORMED_JWT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_SIGNATURE));
	}

	@Test
	void theSameTokenIsRefusedAsExpiredOnceItsLifetimeIsOver() {
		Instant after = Instant.ofEpochSecond(1666648310).plusSeconds(6);
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier(after).verify(MOCK_JWT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.EXPIRED));
	}

	@Test
	void itIsRefusedByAnotherInstance() {
		NimbusClerkTokenVerifier otherInstance = NimbusClerkTokenVerifier
			.withKeys(new JwksKeySource(() -> new JWKSet(TestJwts.KEY.toPublicJWK()), Duration.ofMinutes(5),
					Duration.ofSeconds(30), Clock.fixed(DURING, ZoneOffset.UTC)))
			.clock(Clock.fixed(DURING, ZoneOffset.UTC))
			.build();
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> otherInstance.verify(MOCK_JWT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.KEY_NOT_FOUND));
	}

	private static NimbusClerkTokenVerifier verifier(Instant now) {
		Clock clock = Clock.fixed(now, ZoneOffset.UTC);
		return NimbusClerkTokenVerifier.withKeys(new JwksKeySource(() -> {
			try {
				return JWKSet.parse(MOCK_JWKS);
			}
			catch (ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}, Duration.ofMinutes(5), Duration.ofSeconds(30), clock))
			.issuer(ISSUER)
			.authorizedParties(List.of(PARTY))
			.clock(clock)
			.build();
	}

}
