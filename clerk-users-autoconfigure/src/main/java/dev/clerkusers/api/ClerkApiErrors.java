package dev.clerkusers.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * Turns Backend API error responses into {@link ClerkApiException}s, and reads
 * {@code Retry-After}.
 */
final class ClerkApiErrors {

	/** RFC 9110's asctime-date: {@code Sun Nov  6 08:49:37 1994}, in GMT. */
	private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
		.withZone(ZoneOffset.UTC);

	private ClerkApiErrors() {
	}

	static void throwError(HttpRequest request, ClientHttpResponse response) throws IOException {
		int status = response.getStatusCode().value();
		byte[] body = StreamUtils.copyToByteArray(response.getBody());
		List<ClerkApiError> errors = List.of();
		String traceId = response.getHeaders().getFirst("cf-ray");
		try {
			JsonNode json = JsonMapper.shared().readTree(body);
			if (json != null && json.path("clerk_trace_id").isString()) {
				traceId = json.get("clerk_trace_id").asString();
			}
			if (json != null && json.path("errors").isArray()) {
				errors = json.get("errors")
					.valueStream()
					.filter(JsonNode::isObject)
					.map(ClerkApiErrors::error)
					.toList();
			}
		}
		catch (RuntimeException ex) {
			// Not JSON: keep the text in the message below.
		}
		Duration retryAfter = retryAfter(response.getHeaders()).orElse(null);
		String detail = errors.isEmpty() ? new String(body, StandardCharsets.UTF_8)
				: errors.stream().map(ClerkApiError::describe).reduce((a, b) -> a + "; " + b).orElse("");
		throw new ClerkApiException(status, errors, traceId, retryAfter, "Clerk's Backend API answered " + status
				+ " to " + request.getMethod() + " " + request.getURI().getPath() + ": " + abbreviate(detail));
	}

	/**
	 * One entry of the error list; one of another shape keeps what is text in it, so that
	 * it costs neither its own code nor the other entries.
	 */
	private static ClerkApiError error(JsonNode entry) {
		try {
			return JsonMapper.shared().convertValue(entry, ClerkApiError.class);
		}
		catch (RuntimeException ex) {
			return new ClerkApiError(text(entry, "code"), text(entry, "message"), text(entry, "long_message"), null);
		}
	}

	private static @Nullable String text(JsonNode entry, String name) {
		JsonNode value = entry.path(name);
		return value.isString() ? value.asString() : null;
	}

	/**
	 * An answer's {@code Retry-After}: RFC 9110's delay-seconds (digits only: a sign or a
	 * fraction makes it unreadable) or an HTTP date; none when it is neither.
	 */
	static Optional<Duration> retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return Optional.empty();
		}
		String seconds = value.trim();
		if (seconds.isEmpty() || !seconds.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return until(headers);
		}
		try {
			return Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));
		}
		catch (NumberFormatException ex) {
			// More digits than a number of seconds holds: unreadable too.
			return Optional.empty();
		}
	}

	/**
	 * A {@code Retry-After} given as an HTTP date (RFC 9110, which has a recipient read
	 * its two obsolete formats too): the time until then, in whole seconds rounded up, or
	 * none when it is neither a number nor a date.
	 */
	private static Optional<Duration> until(HttpHeaders headers) {
		long millis;
		try {
			millis = headers.getFirstDate(HttpHeaders.RETRY_AFTER);
		}
		catch (IllegalArgumentException ex) {
			// C's asctime format pads a day below 10 with a space (Sun Nov 6), which
			// Spring's parser of it does not read.
			try {
				millis = ASCTIME.parse(String.valueOf(headers.getFirst(HttpHeaders.RETRY_AFTER)).trim(), Instant::from)
					.toEpochMilli();
			}
			catch (DateTimeParseException unreadable) {
				return Optional.empty();
			}
		}
		long wait = millis - System.currentTimeMillis();
		return Optional.of(Duration.ofSeconds(Math.max(0, Math.floorDiv(wait + 999, 1000))));
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

}
