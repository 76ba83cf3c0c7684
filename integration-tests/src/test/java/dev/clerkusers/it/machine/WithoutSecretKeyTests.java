package dev.clerkusers.it.machine;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without a secret key, tested as testing.md shows: the fake's keys are
 * fetched from the issuer, which nothing serves, so the test gives its own token issuer's
 * key as {@code clerk.jwt-key} (black-box run 158, F4: machine JWTs were refused 503
 * {@code keys-unavailable} under the kit without it).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, MachineSecurityConfiguration.class })
class WithoutSecretKeyTests {

	static final ClerkTestTokens tokens = ClerkTestTokens.generate();

	@DynamicPropertySource
	static void withoutSecretKey(DynamicPropertyRegistry registry) {
		registry.add("clerk.secret-key", () -> "");
		registry.add("clerk.jwt-key", tokens::publicKeyPem);
	}

	@LocalServerPort
	int port;

	@Test
	void machineJwtsAreVerifiedWithTheJwtKeyAndOpaqueTokensCannotBe() {
		Response jwt = HttpTestClient.api(this.port)
			.get("/machine/internal/sync", "Authorization", "Bearer " + tokens.m2mToken("mch_sender").sign());
		assertThat(jwt.status()).as(jwt.body()).isEqualTo(200);
		assertThat(jwt.json().path("subject").asString()).isEqualTo("mch_sender");
		Response opaque = HttpTestClient.api(this.port)
			.get("/machine/internal/sync", "Authorization", "Bearer mt_" + "x".repeat(32));
		assertThat(opaque.status()).isEqualTo(503);
		assertThat(opaque.json().path("reason").asString()).isEqualTo("backend-api-unavailable");
	}

}
