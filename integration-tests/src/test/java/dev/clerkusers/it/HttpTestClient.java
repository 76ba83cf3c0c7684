package dev.clerkusers.it;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP to the application under test, like a browser (with cookies) or an API client
 * (without).
 */
public final class HttpTestClient {

	/** Keeps no state (no cookies), so one serves every API client. */
	private static final HttpClient API_CLIENT = HttpClient.newBuilder().build();

	private final String baseUrl;

	private final HttpClient client;

	private HttpTestClient(String baseUrl, HttpClient client) {
		this.baseUrl = baseUrl;
		this.client = client;
	}

	/**
	 * A client without cookies, like an API client.
	 * @param port the application's port
	 * @return the client
	 */
	public static HttpTestClient api(int port) {
		return new HttpTestClient("http://localhost:" + port, API_CLIENT);
	}

	/**
	 * A client that keeps cookies, like a browser.
	 * @param port the application's port
	 * @return the client
	 */
	public static HttpTestClient browser(int port) {
		return new HttpTestClient("http://localhost:" + port,
				HttpClient.newBuilder().cookieHandler(new CookieManager()).build());
	}

	public Response get(String path, String... headers) {
		return send("GET", path, null, headers);
	}

	public Response post(String path, String body, String... headers) {
		return send("POST", path, body, headers);
	}

	public Response send(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = this.client.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The CSRF token of this client's session, as the login page shows it (a new masked
	 * value of it on each call).
	 * @return the token, to send as the {@code _csrf} parameter
	 */
	public String csrfToken() {
		Response page = get("/login", "Accept", "text/html");
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
		if (!csrf.find()) {
			throw new IllegalStateException("No CSRF token on the login page: " + page.body());
		}
		return csrf.group(1);
	}

	/**
	 * Signs in through the login form: reads the CSRF token from the login page and posts
	 * the credentials.
	 * @param email the username
	 * @param password the password
	 * @return the response to the login post
	 */
	public Response formLogin(String email, String password) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", email);
		form.put("password", password);
		form.put("_csrf", csrfToken());
		StringBuilder encoded = new StringBuilder();
		form.forEach((name, value) -> encoded.append(encoded.isEmpty() ? "" : "&")
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return post("/login", encoded.toString(), "Content-Type", "application/x-www-form-urlencoded", "Accept",
				"text/html");
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param body the body
	 * @param headers the headers
	 */
	public record Response(int status, String body, Map<String, List<String>> headers) {

		public JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
