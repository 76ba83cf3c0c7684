package dev.clerkusers.actuate;

import com.fasterxml.jackson.annotation.JsonValue;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What one of the library's Actuator operations answers. Written as its value alone, by
 * Actuator's own JSON mapper, as Spring Boot's endpoints are: the application's Jackson
 * settings (a naming strategy, inclusion rules, date formats) do not change the shape of
 * the answer, and {@code management.endpoints.jackson.isolated-json-mapper=false} hands
 * it to the application's mapper as Boot's own answers.
 *
 * @param <T> the type of the value
 */
public final class ClerkOperationResult<T> implements OperationResponseBody {

	private final T value;

	private ClerkOperationResult(T value) {
		this.value = value;
	}

	/**
	 * Wraps what an operation answers.
	 * @param <T> the type of the value
	 * @param value the value
	 * @return the result
	 */
	public static <T> ClerkOperationResult<T> of(T value) {
		return new ClerkOperationResult<>(value);
	}

	/**
	 * What the operation answers, written in its place.
	 * @return the value
	 */
	@JsonValue
	public T value() {
		return this.value;
	}

	@Override
	public String toString() {
		return String.valueOf(this.value);
	}

}
