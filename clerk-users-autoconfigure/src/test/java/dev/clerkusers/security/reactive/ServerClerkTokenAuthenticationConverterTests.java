package dev.clerkusers.security.reactive;

import java.util.Optional;

import dev.clerkusers.security.ClerkTokenAuthenticationRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;

class ServerClerkTokenAuthenticationConverterTests {

	private final ServerClerkTokenAuthenticationConverter converter = new ServerClerkTokenAuthenticationConverter();

	ServerClerkTokenAuthenticationConverterTests() {
		this.converter.setOrganizationHeaderName("X-Organization-Id");
	}

	@Test
	void passesOnTheRequestedOrganization() {
		assertThat(requested(MockServerHttpRequest.get("/")
			.header("Authorization", "Bearer header.token.value")
			.header("X-Organization-Id", " org_1 "))).contains("org_1");
	}

	/**
	 * Black-box run 128: of several organization headers, the first was taken. A request
	 * that asks for more than one organization asks for none that can be chosen.
	 */
	@Test
	void severalOrganizationHeadersAskForNone() {
		assertThat(requested(MockServerHttpRequest.get("/")
			.header("Authorization", "Bearer header.token.value")
			.header("X-Organization-Id", "org_1", "org_2"))).isEmpty();
	}

	private Optional<String> requested(MockServerHttpRequest.BaseBuilder<?> request) {
		Authentication found = this.converter.convert(MockServerWebExchange.from(request)).block();
		assertThat(found).isInstanceOf(ClerkTokenAuthenticationRequest.class);
		return ((ClerkTokenAuthenticationRequest) found).getRequestedOrganization();
	}

}
