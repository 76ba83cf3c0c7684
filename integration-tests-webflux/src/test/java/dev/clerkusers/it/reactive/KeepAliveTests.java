package dev.clerkusers.it.reactive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box run 43 (F1): after a request that a token refusal answered on the event loop,
 * the next request on the same keep-alive connection was sometimes never answered. The
 * refused request had arrived while the exchange before it, authenticated off the event
 * loop, was still ending; Reactor Netty up to 1.3.7 then stops reading the connection
 * (reactor/reactor-netty#4361). Sent here in one write, so that the refusal always
 * arrives in that moment.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveSecurityConfiguration.class)
class KeepAliveTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Test
	void aKeepAliveConnectionIsReadAgainAfterARefusalAnsweredWhileTheExchangeBeforeItEnded() throws IOException {
		this.clerk.addUser(ClerkData.user("user_keepalive").email("keepalive@example.com"));
		String firstSight = "Bearer " + this.clerk.tokens().token("user_keepalive");
		try (Socket socket = new Socket("localhost", this.port)) {
			// A connection that is never read again fails here, not the build.
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write((request(firstSight) + request("Bearer ")).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(status(in)).as("the first sight, authenticated off the event loop").isEqualTo(200);
			assertThat(status(in)).as("the empty bearer header, refused at once").isEqualTo(401);
			out.write(request(firstSight).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(status(in)).as("the next request on the connection").isEqualTo(200);
		}
	}

	private static String request(String authorization) {
		return "GET /api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\n\r\n";
	}

	/**
	 * Reads one response, its body included (by its length, or its chunks), and returns
	 * its status.
	 */
	private static int status(InputStream in) throws IOException {
		String statusLine = line(in);
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		long length = 0;
		boolean chunked = false;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring("content-length:".length()).trim());
			}
			if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		if (!chunked) {
			in.readNBytes((int) length);
			return status;
		}
		for (long chunk = Long.parseLong(line(in).trim(), 16); chunk > 0; chunk = Long.parseLong(line(in).trim(), 16)) {
			in.readNBytes((int) chunk);
			line(in);
		}
		line(in);
		return status;
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				throw new IOException("The connection was closed");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

}
