package dev.clerkusers.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Fetches a key set over HTTP: Clerk's Backend API {@code /v1/jwks} (with the secret key)
 * or a Frontend API's {@code /.well-known/jwks.json}.
 */
public final class HttpJwksFetcher implements JwksFetcher {

	private final URI uri;

	private final RestClient client;

	/**
	 * Creates a fetcher.
	 * @param uri the key set URL
	 * @param headers headers to send, for example {@code Authorization}
	 * @param timeout timeout for connecting and for reading the response
	 */
	public HttpJwksFetcher(URI uri, Map<String, String> headers, Duration timeout) {
		this.uri = uri;
		HttpClient httpClient = HttpClient.newBuilder().connectTimeout(timeout).build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(timeout);
		this.client = RestClient.builder()
			.requestFactory(requestFactory)
			.defaultHeaders((defaults) -> headers.forEach(defaults::set))
			.build();
	}

	/**
	 * The backend API key set of a Clerk instance.
	 * @param apiUrl the Backend API base URL, for example
	 * {@code https://api.clerk.com/v1}
	 * @param secretKey the instance's secret key
	 * @param apiVersion the value of the {@code Clerk-API-Version} header
	 * @param timeout the fetch timeout
	 * @return the fetcher
	 */
	public static HttpJwksFetcher backendApi(String apiUrl, String secretKey, String apiVersion, Duration timeout) {
		String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
		return new HttpJwksFetcher(URI.create(base + "/jwks"),
				Map.of("Authorization", "Bearer " + secretKey, "Clerk-API-Version", apiVersion), timeout);
	}

	/**
	 * The Frontend API key set of a Clerk instance.
	 * @param frontendApiUrl the Frontend API URL, for example
	 * {@code https://clerk.example.com}
	 * @param timeout the fetch timeout
	 * @return the fetcher
	 */
	public static HttpJwksFetcher frontendApi(String frontendApiUrl, Duration timeout) {
		String base = frontendApiUrl.endsWith("/") ? frontendApiUrl.substring(0, frontendApiUrl.length() - 1)
				: frontendApiUrl;
		return new HttpJwksFetcher(URI.create(base + "/.well-known/jwks.json"), Map.of(), timeout);
	}

	@Override
	public JWKSet fetch() {
		String body;
		try {
			body = this.client.get().uri(this.uri).accept(MediaType.APPLICATION_JSON).retrieve().body(String.class);
		}
		catch (RestClientException ex) {
			throw new JwksFetchException("Could not fetch " + this.uri + ": " + ex.getMessage(), ex);
		}
		if (body == null) {
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
