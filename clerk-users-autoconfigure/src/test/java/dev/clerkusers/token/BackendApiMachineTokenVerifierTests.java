package dev.clerkusers.token;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;

import com.sun.net.httpserver.HttpServer;
import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BackendApiMachineTokenVerifier} against a server that answers as Clerk's Backend
 * API must not: an answer it cannot read is an unavailable verification (503, try again),
 * never an error of the application.
 */
class BackendApiMachineTokenVerifierTests {

	private final HttpServer server;

	BackendApiMachineTokenVerifierTests() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void aSuccessfulAnswerWithoutABodyIsAnUnavailableVerification() {
		ClerkApiClient api = new ClerkApiClient(ClerkApiTransport
			.builder("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1", "sk_test_key")
			.build());
		BackendApiMachineTokenVerifier verifier = new BackendApiMachineTokenVerifier(api, null, Clock.systemUTC());
		assertThatExceptionOfType(ClerkTokenException.class)
			.isThrownBy(() -> verifier.verify("ak_" + "0123456789abcdef0123456789abcdef"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE));
	}

}
