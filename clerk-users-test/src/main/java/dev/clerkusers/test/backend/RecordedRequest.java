package dev.clerkusers.test.backend;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request the {@link FakeClerkBackend} received.
 *
 * @param method the HTTP method
 * @param path the path, for example {@code /v1/users/user_123}
 * @param query the query parameters, in order
 * @param headers the request headers (names in lower case)
 * @param body the request body, or {@code null} when empty
 * @param status the status the fake answered
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> query,
		Map<String, List<String>> headers, @Nullable String body, int status) {

	/**
	 * The first value of a query parameter.
	 * @param name the parameter
	 * @return the value, or {@code null}
	 */
	public @Nullable String queryParam(String name) {
		List<String> values = this.query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * The first value of a header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null}
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * The method and path, for example {@code GET /v1/users}.
	 * @return the description
	 */
	public String describe() {
		return this.method + " " + this.path;
	}

}
