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

}
