package dev.clerkusers.it.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * Another origin than Clerk's, which a redirect of Clerk's address may point at: it
 * records the {@code Authorization} header of every request it gets, and answers what a
 * Backend API would, so that following it would look like a success.
 */
final class Elsewhere implements AutoCloseable {

	private final HttpServer server;

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private Elsewhere(HttpServer server) {
		this.server = server;
	}

	static Elsewhere start(String body) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		Elsewhere elsewhere = new Elsewhere(server);
		server.createContext("/", (exchange) -> {
			elsewhere.authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
		return elsewhere;
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/**
	 * The {@code Authorization} headers received, {@code "null"} for a request without.
	 * @return the headers
	 */
	List<String> authorizations() {
		return this.authorizations;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
