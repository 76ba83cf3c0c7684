package dev.clerkusers.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClerkPublishableKeyTests {

	@Test
	void derivesTheFrontendApiUrlAsClerkEncodesIt() {
		// base64("clerk.inspired.puma-74.lcl.dev$")
		ClerkPublishableKey key = ClerkPublishableKey.parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
		assertThat(key.frontendApiHost()).isEqualTo("clerk.inspired.puma-74.lcl.dev");
		assertThat(key.frontendApiUrl()).isEqualTo("https://clerk.inspired.puma-74.lcl.dev");
		assertThat(key.live()).isFalse();
	}

	@Test
	void roundTrips() {
		ClerkPublishableKey key = ClerkPublishableKey.of("clerk.example.com", true);
		assertThat(key.value()).startsWith("pk_live_");
		assertThat(ClerkPublishableKey.parse(key.value())).isEqualTo(key);
	}

	@Test
	void refusesWhatIsNotAPublishableKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClerkPublishableKey.parse("sk_test_abc"));
		assertThatIllegalArgumentException().isThrownBy(() -> ClerkPublishableKey.parse("pk_test_bm90LWEta2V5"));
	}

	/**
	 * Review 271, F6: keys written as Clerk writes them, not made by
	 * {@link ClerkPublishableKey#of}: a production key of a custom domain, with base64's
	 * padding and without it.
	 */
	@Test
	void readsProductionKeysAsClerkWritesThem() {
		// base64("clerk.example.com$")
		ClerkPublishableKey key = ClerkPublishableKey.parse("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k");
		assertThat(key.frontendApiUrl()).isEqualTo("https://clerk.example.com");
		assertThat(key.live()).isTrue();
		// base64("clerk.accounts.example.co.uk$"), with its padding and without it
		for (String value : new String[] { "pk_live_Y2xlcmsuYWNjb3VudHMuZXhhbXBsZS5jby51ayQ=",
				"pk_live_Y2xlcmsuYWNjb3VudHMuZXhhbXBsZS5jby51ayQ" }) {
			assertThat(ClerkPublishableKey.parse(value).frontendApiHost()).as(value)
				.isEqualTo("clerk.accounts.example.co.uk");
		}
	}

	/**
	 * Black-box run 268: a key whose encoded host is no host (a space in it, a user, a
	 * query) was taken, and its issuer matched no token.
	 */
	@Test
	void refusesAKeyWhoseHostIsNoHost() {
		for (String host : new String[] { "clerk example.com", "user@clerk.example.com", "clerk.example.com?x",
				"clerk.example.com#x", "clerk.example.com\\x", "clerk.example.com:port",
				// Review 271, F3: ports that no issuer of a token is written with
				"clerk.example.com:", "clerk.example.com:0443", "clerk.example.com:99999", "clerk.example.com:0",
				// Black-box run 273: the scheme's default port, which no issuer names
				"clerk.example.com:443",
				// Black-box run 278, F1: a second $ (Clerk's parser takes the last one
				// off, and refuses a host that still holds one), and what no host holds
				"clerk.example.com$", "clerk$example.com", "clerk.example.com!", "clerk.exa(mple).com",
				"clerk.example.com;x" }) {
			String key = ClerkPublishableKey.of(host, false).value();
			assertThatIllegalArgumentException().as(host)
				.isThrownBy(() -> ClerkPublishableKey.parse(key))
				.withMessageContaining("Frontend API host");
		}
		for (String host : new String[] { "clerk.example.com", "fond-lamb-12.clerk.accounts.dev", "localhost:43123",
				"127.0.0.1:43123", "[::1]:43123",
				// Black-box run 277, F2: a stand-in's name, as clerk.issuer takes it
				"fake_clerk:8443", "fake_clerk.example.com" }) {
			assertThat(ClerkPublishableKey.parse(ClerkPublishableKey.of(host, false).value()).frontendApiHost())
				.isEqualTo(host);
		}
	}

	/**
	 * Black-box run 278, F2: a key refused for its port said it encoded no host, while it
	 * visibly does; it now names the host it encodes and what is wrong with it.
	 */
	@Test
	void aRefusedKeyNamesWhatItEncodesAndWhy() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClerkPublishableKey.parse(ClerkPublishableKey.of("clerk.example.com:443", true).value()))
			.withMessageContaining("'clerk.example.com:443'")
			.withMessageContaining("default port");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClerkPublishableKey.parse(ClerkPublishableKey.of("clerk.example.com$", true).value()))
			.withMessageContaining("'clerk.example.com$'");
	}

}
