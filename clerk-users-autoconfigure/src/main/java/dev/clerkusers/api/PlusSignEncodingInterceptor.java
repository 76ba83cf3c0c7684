package dev.clerkusers.api;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Sends a {@code +} in a query value as {@code %2B}. Spring encodes query values as URI
 * components, which leaves {@code +} as it is, and Clerk's servers read a {@code +} in a
 * query as a space: {@code order_by=+created_at} would arrive as {@code " created_at"}
 * and an address {@code ada+news@example.com} as {@code "ada news@example.com"}. Spaces
 * are already {@code %20} here, so every {@code +} left in the query is a plus sign.
 */
final class PlusSignEncodingInterceptor implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		URI uri = request.getURI();
		String query = uri.getRawQuery();
		if (query == null || query.indexOf('+') < 0) {
			return execution.execute(request, body);
		}
		String raw = uri.toString();
		URI encoded = URI.create(raw.substring(0, raw.indexOf('?') + 1) + query.replace("+", "%2B")
				+ ((uri.getRawFragment() != null) ? "#" + uri.getRawFragment() : ""));
		return execution.execute(new HttpRequestWrapper(request) {

			@Override
			public URI getURI() {
				return encoded;
			}

		}, body);
	}

}
