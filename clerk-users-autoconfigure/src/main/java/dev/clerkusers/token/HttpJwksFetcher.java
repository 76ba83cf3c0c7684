package dev.clerkusers.token;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Fetches a key set over HTTP: Clerk's Backend API {@code /v1/jwks} (with the secret key)
 * or a Frontend API's {@code /.well-known/jwks.json}.
 */
public final class HttpJwksFetcher implements JwksFetcher {

	/** The largest key set accepted, in bytes. */
	public static final int MAX_BODY_SIZE = 64 * 1024;

	private final URI uri;

	private final RestClient client;

	/**
	 * Creates a fetcher over a REST client of one's own, with its timeouts and headers.
	 * @param uri the key set URL
	 * @param client the REST client
	 */
	public HttpJwksFetcher(URI uri, RestClient client) {
		this.uri = uri;
		this.client = client;
	}

	/**
	 * Creates a fetcher over a JDK HTTP client.
	 * @param uri the key set URL
	 * @param headers headers to send, for example {@code Authorization}
	 * @param timeout timeout for connecting and for reading the response
	 */
	public HttpJwksFetcher(URI uri, Map<String, String> headers, Duration timeout) {
		this(uri,
				RestClient.builder()
					.requestFactory(jdkRequestFactory(timeout))
					.defaultHeaders((defaults) -> headers.forEach(defaults::set))
					.build());
	}

	/**
	 * The Backend API key set of a Clerk instance.
	 * @param apiUrl the Backend API base URL, for example
	 * {@code https://api.clerk.com/v1}
	 * @param secretKey the instance's secret key
	 * @param apiVersion the value of the {@code Clerk-API-Version} header
	 * @param timeout the fetch timeout
	 * @return the fetcher
	 */
	public static HttpJwksFetcher backendApi(String apiUrl, String secretKey, String apiVersion, Duration timeout) {
		return new HttpJwksFetcher(backendApiUri(apiUrl), backendApiHeaders(secretKey, apiVersion), timeout);
	}

	/**
	 * The Backend API key set of a Clerk instance, over a REST client builder such as
	 * Spring Boot's (its request factory sets the timeouts).
	 * @param apiUrl the Backend API base URL
	 * @param secretKey the instance's secret key
	 * @param apiVersion the value of the {@code Clerk-API-Version} header
	 * @param builder the REST client builder; it is cloned, not changed
	 * @return the fetcher
	 */
	public static HttpJwksFetcher backendApi(String apiUrl, String secretKey, String apiVersion,
			RestClient.Builder builder) {
		Map<String, String> headers = backendApiHeaders(secretKey, apiVersion);
		return new HttpJwksFetcher(backendApiUri(apiUrl),
				builder.clone().defaultHeaders((defaults) -> headers.forEach(defaults::set)).build());
	}

	/**
	 * The Frontend API key set of a Clerk instance.
	 * @param frontendApiUrl the Frontend API URL, for example
	 * {@code https://clerk.example.com}
	 * @param timeout the fetch timeout
	 * @return the fetcher
	 */
	public static HttpJwksFetcher frontendApi(String frontendApiUrl, Duration timeout) {
		return new HttpJwksFetcher(frontendApiUri(frontendApiUrl), Map.of(), timeout);
	}

	/**
	 * The Frontend API key set of a Clerk instance, over a REST client builder.
	 * @param frontendApiUrl the Frontend API URL
	 * @param builder the REST client builder; it is cloned, not changed
	 * @return the fetcher
	 */
	public static HttpJwksFetcher frontendApi(String frontendApiUrl, RestClient.Builder builder) {
		return new HttpJwksFetcher(frontendApiUri(frontendApiUrl), builder.clone().build());
	}

	private static URI backendApiUri(String apiUrl) {
		return URI.create(stripSlash(apiUrl) + "/jwks");
	}

	private static Map<String, String> backendApiHeaders(String secretKey, String apiVersion) {
		return Map.of("Authorization", "Bearer " + secretKey, "Clerk-API-Version", apiVersion);
	}

	private static URI frontendApiUri(String frontendApiUrl) {
		return URI.create(stripSlash(frontendApiUrl) + "/.well-known/jwks.json");
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/**
	 * What went wrong, for the health and the log: the client's message, whose cause,
	 * when it has no message of its own (a refused connection), is named by its type
	 * rather than as {@code null}.
	 */
	private static String describe(RestClientException ex) {
		String message = String.valueOf(ex.getMessage());
		Throwable cause = ex.getCause();
		if (cause != null && cause.getMessage() == null && message.endsWith(": null")) {
			// A refused connection and an unknown host are both a ConnectException
			// without a message; what is under it tells them apart.
			Throwable root = NestedExceptionUtils.getMostSpecificCause(cause);
			String why = cause.getClass().getSimpleName()
					+ ((root != cause) ? " (" + root.getClass().getSimpleName() + ")" : "");
			return message.substring(0, message.length() - "null".length()) + why;
		}
		return message;
	}

	private static JdkClientHttpRequestFactory jdkRequestFactory(Duration timeout) {
		HttpClient httpClient = HttpClient.newBuilder().connectTimeout(timeout).build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(timeout);
		return requestFactory;
	}

	@Override
	public JWKSet fetch() {
		String body;
		try {
			body = this.client.get().uri(this.uri).accept(MediaType.APPLICATION_JSON).exchange((request, response) -> {
				if (!response.getStatusCode().is2xxSuccessful()) {
					throw new JwksFetchException(this.uri + " answered " + response.getStatusCode().value(),
							new IllegalStateException());
				}
				try (InputStream in = response.getBody()) {
					byte[] bytes = in.readNBytes(MAX_BODY_SIZE + 1);
					if (bytes.length > MAX_BODY_SIZE) {
						throw new JwksFetchException("The response of " + this.uri + " is larger than " + MAX_BODY_SIZE
								+ " bytes; a key set is a few kilobytes", new IllegalStateException());
					}
					return new String(bytes, StandardCharsets.UTF_8);
				}
			});
		}
		catch (RestClientException ex) {
			throw new JwksFetchException("Could not fetch " + this.uri + ": " + describe(ex), ex);
		}
		if (body == null || body.isBlank()) {
			throw new JwksFetchException("Empty response from " + this.uri, new IllegalStateException());
		}
		try {
			return JWKSet.parse(body);
		}
		catch (ParseException ex) {
			throw new JwksFetchException("The response of " + this.uri + " is not a key set", ex);
		}
	}

	/**
	 * The URL keys are fetched from.
	 * @return the URL
	 */
	public URI getUri() {
		return this.uri;
	}

	@Override
	public String toString() {
		return "HttpJwksFetcher[" + this.uri + "]";
	}

}
