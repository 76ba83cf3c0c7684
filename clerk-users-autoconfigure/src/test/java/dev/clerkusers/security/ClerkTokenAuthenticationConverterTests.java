package dev.clerkusers.security;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClerkTokenAuthenticationConverterTests {

	private final ClerkTokenAuthenticationConverter headerOnly = new ClerkTokenAuthenticationConverter();

	private final ClerkTokenAuthenticationConverter withCookie = new ClerkTokenAuthenticationConverter();

	ClerkTokenAuthenticationConverterTests() {
		this.withCookie.setSessionCookieName("__session");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER   abc.def.ghi  ", "  Bearer abc.def.ghi" })
	void readsTheBearerHeaderWithTheSchemeInAnyCase(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", header);
		ClerkTokenAuthenticationRequest token = this.headerOnly.convert(request);
		assertThat(token).isNotNull();
		assertThat(token.getToken()).isEqualTo("abc.def.ghi");
		assertThat(token.getSource()).isEqualTo(TokenSource.HEADER);
	}

	@Test
	void leavesOtherSchemesToOtherMechanisms() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		assertThat(this.headerOnly.convert(request)).isNull();
		request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearerish token");
		assertThat(this.headerOnly.convert(request)).isNull();
	}

	/**
	 * A bearer header without a token, or two {@code Authorization} headers, is an
	 * authentication request all the same, refused by the provider (so that it is timed
	 * and published as every refusal is).
	 */
	@Test
	void aBearerHeaderWithoutTokenOrTwoHeadersIsARequestTheProviderRefuses() {
		MockHttpServletRequest empty = new MockHttpServletRequest();
		empty.addHeader("Authorization", "Bearer   ");
		MockHttpServletRequest twice = new MockHttpServletRequest();
		twice.addHeader("Authorization", "Bearer abc.def.ghi");
		twice.addHeader("Authorization", "Bearer abc.def.ghi");
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { empty, twice }) {
			ClerkTokenAuthenticationRequest token = this.headerOnly.convert(request);
			assertThat(token).isNotNull();
			assertThat(token.getSource()).isEqualTo(TokenSource.HEADER);
			assertThat(token.isReadable()).isFalse();
			assertThatExceptionOfType(ClerkAuthenticationException.class).isThrownBy(token::requireReadable)
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("token-invalid"));
		}
	}

	@Test
	void readsTheSessionCookieOnlyWhenEnabled() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("__session", "cookie.token.value"));
		assertThat(this.headerOnly.convert(request)).isNull();
		ClerkTokenAuthenticationRequest token = this.withCookie.convert(request);
		assertThat(token).isNotNull();
		assertThat(token.getToken()).isEqualTo("cookie.token.value");
		assertThat(token.getSource()).isEqualTo(TokenSource.COOKIE);
	}

	@Test
	void theHeaderWinsOverTheCookie() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("__session", "cookie.token.value"));
		request.addHeader("Authorization", "Bearer header.token.value");
		ClerkTokenAuthenticationRequest token = this.withCookie.convert(request);
		assertThat(token).isNotNull();
		assertThat(token.getSource()).isEqualTo(TokenSource.HEADER);
	}

	@Test
	void passesOnTheRequestedOrganizationOnlyWhenAHeaderIsNamed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer header.token.value");
		request.addHeader("X-Organization-Id", " org_1 ");
		assertThat(this.headerOnly.convert(request).getRequestedOrganization()).isEmpty();
		ClerkTokenAuthenticationConverter converter = new ClerkTokenAuthenticationConverter();
		converter.setOrganizationHeaderName("X-Organization-Id");
		assertThat(converter.convert(request).getRequestedOrganization()).contains("org_1");
	}

	/**
	 * Black-box run 128: of several organization headers, the first was taken. A request
	 * that asks for more than one organization asks for none that can be chosen.
	 */
	@Test
	void severalOrganizationHeadersAskForNone() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer header.token.value");
		request.addHeader("X-Organization-Id", "org_1");
		request.addHeader("X-Organization-Id", "org_2");
		ClerkTokenAuthenticationConverter converter = new ClerkTokenAuthenticationConverter();
		converter.setOrganizationHeaderName("X-Organization-Id");
		assertThat(converter.convert(request).getRequestedOrganization()).isEmpty();
	}

	@Test
	void neverPrintsTheToken() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer secret.token.value");
		assertThat(this.headerOnly.convert(request)).asString().doesNotContain("secret");
	}

}
