package dev.clerkusers.api;

import java.io.Serializable;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One error of a Backend API error response ({@code {"errors": [...]}}).
 *
 * @param code Clerk's error code, for example {@code form_identifier_exists} or
 * {@code resource_not_found}
 * @param message a short message
 * @param longMessage a longer message
 * @param meta details, for example {@code param_name}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkApiError(@JsonProperty("code") @Nullable String code,
		@JsonProperty("message") @Nullable String message, @JsonProperty("long_message") @Nullable String longMessage,
		@JsonProperty("meta") @Nullable Map<String, @Nullable Object> meta) implements Serializable {

	/**
	 * The most helpful message.
	 * @return the long message, else the message, else the code
	 */
	public String describe() {
		if (this.longMessage != null) {
			return this.longMessage;
		}
		if (this.message != null) {
			return this.message;
		}
		return String.valueOf(this.code);
	}

}
