package dev.clerkusers.token;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link HttpJwksFetcher} against a real HTTP server: what is not a key set, or is far
 * too large to be one, is a failed fetch, never keys.
 */
class HttpJwksFetcherTests {

	private final AtomicReference<String> body = new AtomicReference<>();

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/.well-known/jwks.json", (exchange) -> {
			byte[] bytes = this.body.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void readsAKeySet() {
		this.body.set(new JWKSet(TestJwts.KEY.toPublicJWK()).toString());
		assertThat(fetcher().fetch().getKeys()).hasSize(1);
	}

	@Test
	void aBodyLargerThanAnyKeySetIsRefused() {
		this.body.set("{\"keys\": [], \"pad\": \"" + "x".repeat(HttpJwksFetcher.MAX_BODY_SIZE) + "\"}");
		assertThatExceptionOfType(JwksFetcher.JwksFetchException.class).isThrownBy(() -> fetcher().fetch())
			.withMessageContaining("larger than");
	}

	@Test
	void aPageThatIsNotAKeySetIsRefused() {
		this.body.set("<html><body>Please sign in to the Wi-Fi</body></html>");
		assertThatExceptionOfType(JwksFetcher.JwksFetchException.class).isThrownBy(() -> fetcher().fetch());
	}

	/**
	 * A refused connection is said as such in the failure, which the keys' health and the
	 * log show: the HTTP client's exception has no message (black-box run 347: the
	 * failure ended in ": null").
	 */
	@Test
	void aRefusedConnectionIsNamedInTheFailure() {
		int port = this.server.getAddress().getPort();
		this.server.stop(0);
		HttpJwksFetcher unreachable = new HttpJwksFetcher(
				URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json"), Map.of(), Duration.ofSeconds(2));
		assertThatExceptionOfType(JwksFetcher.JwksFetchException.class).isThrownBy(unreachable::fetch)
			.withMessageStartingWith("Could not fetch http://127.0.0.1:" + port + "/.well-known/jwks.json: ")
			.withMessageContaining(": ConnectException")
			.withMessageNotContaining("null");
	}

	private HttpJwksFetcher fetcher() {
		return new HttpJwksFetcher(
				URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json"),
				Map.of(), Duration.ofSeconds(2));
	}

}
