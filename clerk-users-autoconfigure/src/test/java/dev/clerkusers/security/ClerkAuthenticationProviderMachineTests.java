package dev.clerkusers.security;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.token.ClerkTokenException;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.token.TokenRejectionReason;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkAuthenticationProvider} with machine tokens accepted: the type decides
 * before any verifier runs, machine tokens come from the header only, and the authorities
 * are the scopes plus the mapper's.
 */
class ClerkAuthenticationProviderMachineTests {

	private final AtomicInteger machineVerifications = new AtomicInteger();

	private final ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider((token) -> {
		throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "no session token in these tests");
	});

	ClerkAuthenticationProviderMachineTests() {
		this.provider.setAcceptedTokenTypes(AcceptedTokenTypes.of(ClerkTokenType.API_KEY));
		this.provider.setMachineTokenVerifier((token) -> {
			this.machineVerifications.incrementAndGet();
			if (token.equals("ak_unavailable")) {
				throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE, "Clerk is down");
			}
			return ClerkMachineToken.builder(ClerkTokenType.API_KEY, "ak_1", "org_1")
				.scopes(List.of("reports:read"))
				.build();
		});
		this.provider.setAuthoritiesMapper(new ClerkAuthoritiesMapper() {

			@Override
			public Collection<GrantedAuthority> authorities(@Nullable ClerkUser user,
					@Nullable ClerkSessionClaims claims, @Nullable ClerkOrganizationClaims organization) {
				return List.of();
			}

			@Override
			public Collection<GrantedAuthority> machineAuthorities(ClerkMachineToken machine) {
				return List.of(new SimpleGrantedAuthority("ROLE_MACHINE"));
			}

		});
	}

	@Test
	void anApiKeyFromTheHeaderIsAMachineWithItsScopesAndTheMappersAuthorities() {
		Authentication result = this.provider.authenticate(new ClerkTokenAuthenticationRequest("ak_secret"));
		assertThat(result).isInstanceOf(ClerkMachineAuthenticationToken.class);
		assertThat(result.getName()).isEqualTo("org_1");
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("SCOPE_reports:read", "ROLE_MACHINE");
		assertThat(result.getCredentials()).isNull();
	}

	@Test
	void aMachineTokenFromTheCookieIsRefused() {
		assertThatExceptionOfType(ClerkAuthenticationException.class)
			.isThrownBy(() -> this.provider
				.authenticate(new ClerkTokenAuthenticationRequest("ak_secret", TokenSource.COOKIE, null)))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("token-type-mismatch"));
		assertThat(this.machineVerifications).hasValue(0);
	}

	@Test
	void aTypeNotAcceptedIsRefusedBeforeAnyVerifierRuns() {
		for (String token : List.of("mt_secret", "oat_secret", "a.b.c")) {
			assertThatExceptionOfType(ClerkAuthenticationException.class)
				.isThrownBy(() -> this.provider.authenticate(new ClerkTokenAuthenticationRequest(token)))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("token-type-mismatch"))
				.withMessageContaining("api_key");
		}
		assertThat(this.machineVerifications).hasValue(0);
	}

	@Test
	void aBackendApiThatCannotVerifyIsAServiceFailureNotARefusal() {
		assertThatExceptionOfType(ClerkServiceUnavailableException.class)
			.isThrownBy(() -> this.provider.authenticate(new ClerkTokenAuthenticationRequest("ak_unavailable")))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("backend-api-unavailable"));
	}

}
