package dev.clerkusers.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClerkTokenTypeTests {

	private final Instant now = Instant.now();

	@Test
	void opaqueTokensAreToldByTheirPrefix() {
		assertThat(ClerkTokenType.of("ak_LCWGdaM8mv8K4PC/57IICZQXAeWfCgF30DZaFXHoGn9="))
			.isEqualTo(ClerkTokenType.API_KEY);
		assertThat(ClerkTokenType.of("mt_0123")).isEqualTo(ClerkTokenType.M2M_TOKEN);
		assertThat(ClerkTokenType.of("oat_0123")).isEqualTo(ClerkTokenType.OAUTH_TOKEN);
	}

	@Test
	void aJwtWhoseSubjectIsAMachineIsAnM2mToken() {
		assertThat(ClerkTokenType.of(MachineJwts.m2m(MachineJwts.m2mClaims(this.now))))
			.isEqualTo(ClerkTokenType.M2M_TOKEN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "at+jwt", "application/at+jwt" })
	void aJwtOfTheAccessTokenTypeIsAnOAuthToken(String type) {
		assertThat(ClerkTokenType.of(MachineJwts.oauth(type, MachineJwts.oauthClaims(this.now))))
			.isEqualTo(ClerkTokenType.OAUTH_TOKEN);
	}

	@Test
	void aMachineSubjectWinsOverTheAccessTokenTypeAsInClerksOrder() {
		assertThat(ClerkTokenType.of(MachineJwts.oauth(MachineJwts.m2mClaims(this.now))))
			.isEqualTo(ClerkTokenType.M2M_TOKEN);
	}

	@Test
	void aSessionJwtAndAnythingElseAreSessionTokens() {
		assertThat(ClerkTokenType.of(TestJwts.sign(TestJwts.claims(this.now)))).isEqualTo(ClerkTokenType.SESSION_TOKEN);
		assertThat(ClerkTokenType.of("garbage")).isEqualTo(ClerkTokenType.SESSION_TOKEN);
		assertThat(ClerkTokenType.of("a.b.c")).isEqualTo(ClerkTokenType.SESSION_TOKEN);
	}

	@Test
	void anOAuthClaimShapeWithTheSessionTypeIsASessionToken() {
		String token = TestJwts.sign(TestJwts.KEY, TestJwts.header(TestJwts.KEY).type(JOSEObjectType.JWT).build(),
				MachineJwts.oauthClaims(this.now));
		assertThat(ClerkTokenType.of(token)).isEqualTo(ClerkTokenType.SESSION_TOKEN);
	}

	@Test
	void anEscapedMachineSubjectIsToldASessionTokenWhichTheSessionRulesRefuse() {
		String token = TestJwts.signJson(TestJwts.headerJson(),
				"{\"sub\":\"\\u006dch_1\",\"sid\":\"sess_1\",\"exp\":9999999999}");
		assertThat(ClerkTokenType.of(token)).isEqualTo(ClerkTokenType.SESSION_TOKEN);
		NimbusClerkTokenVerifier sessions = NimbusClerkTokenVerifier
			.withKeys(new PemKeySource(LocalMachineJwtVerifierTests.publicKey()))
			.build();
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> sessions.verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MACHINE_TOKEN));
	}

	@Test
	void namesAreParsedAndAnyMeansEveryType() {
		assertThat(ClerkTokenType.parse(List.of("session_token", " API_KEY ")))
			.containsExactlyInAnyOrder(ClerkTokenType.SESSION_TOKEN, ClerkTokenType.API_KEY);
		assertThat(ClerkTokenType.parse(List.of("any"))).containsExactlyInAnyOrder(ClerkTokenType.values());
		assertThatIllegalArgumentException().isThrownBy(() -> ClerkTokenType.parse(List.of("machine_token")))
			.withMessageContaining("machine_token");
		assertThatIllegalArgumentException().isThrownBy(() -> ClerkTokenType.parse(List.of()));
	}

	/**
	 * Black-box run 312 F6: a name after {@code any} was not read, so a mistyped one
	 * ({@code clerk.accepts-tokens=any,api_kye}) went unnoticed, where it is refused when
	 * listed first.
	 */
	@Test
	void aNameAfterAnyIsCheckedToo() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClerkTokenType.parse(List.of("any", "api_kye")))
			.withMessageContaining("api_kye");
		assertThatIllegalArgumentException().isThrownBy(() -> AcceptedTokenTypes.parse(List.of("any", "api_kye")))
			.withMessageContaining("api_kye");
		assertThat(ClerkTokenType.parse(List.of("any", "api_key"))).containsExactlyInAnyOrder(ClerkTokenType.values());
	}

	@Test
	void sessionTokensOnlyIsTheDefault() {
		AcceptedTokenTypes defaults = AcceptedTokenTypes.sessionTokensOnly();
		assertThat(defaults.accepts(ClerkTokenType.SESSION_TOKEN)).isTrue();
		assertThat(defaults.acceptsMachineTokens()).isFalse();
		assertThat(AcceptedTokenTypes.parse(List.of("api_key")).accepts(ClerkTokenType.SESSION_TOKEN)).isFalse();
		assertThat(
				Map.of("types", AcceptedTokenTypes.of(ClerkTokenType.API_KEY, ClerkTokenType.SESSION_TOKEN)).toString())
			.contains("session_token, api_key");
	}

}
