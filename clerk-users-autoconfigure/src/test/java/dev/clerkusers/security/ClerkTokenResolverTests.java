package dev.clerkusers.security;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClerkTokenResolverTests {

	private final ClerkTokenResolver headerOnly = new ClerkTokenResolver(false, "__session");

	private final ClerkTokenResolver withCookie = new ClerkTokenResolver(true, "__session");

	@ParameterizedTest
	@ValueSource(
			strings = { "Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER   abc.def.ghi  ", "  Bearer abc.def.ghi" })
	void readsTheBearerHeaderWithTheSchemeInAnyCase(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", header);
		assertThat(this.headerOnly.resolve(request))
			.isEqualTo(new ClerkTokenResolver.ResolvedToken("abc.def.ghi", ClerkTokenResolver.Source.HEADER));
	}

	@Test
	void leavesOtherSchemesToOtherMechanisms() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		assertThat(this.headerOnly.resolve(request)).isNull();
		request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearerish token");
		assertThat(this.headerOnly.resolve(request)).isNull();
	}

	@Test
	void refusesABearerHeaderWithoutToken() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer   ");
		assertThatExceptionOfType(ClerkAuthenticationException.class).isThrownBy(() -> this.headerOnly.resolve(request))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("token-invalid"));
	}

	@Test
	void readsTheSessionCookieOnlyWhenEnabled() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("__session", "cookie.token.value"));
		assertThat(this.headerOnly.resolve(request)).isNull();
		assertThat(this.withCookie.resolve(request))
			.isEqualTo(new ClerkTokenResolver.ResolvedToken("cookie.token.value", ClerkTokenResolver.Source.COOKIE));
	}

	@Test
	void theHeaderWinsOverTheCookie() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("__session", "cookie.token.value"));
		request.addHeader("Authorization", "Bearer header.token.value");
		assertThat(this.withCookie.resolve(request).source()).isEqualTo(ClerkTokenResolver.Source.HEADER);
	}

}
