package dev.clerkusers.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The verification of a Clerk email address. Clerk sends one of several verification
 * objects (OTP, OAuth, admin, ticket, SAML, email link…); all of them carry a
 * {@code status}, which is all this library relies on.
 *
 * @param status {@code unverified}, {@code verified}, {@code failed} or {@code expired}
 * @param strategy how the address was verified, for example {@code email_code} or
 * {@code from_oauth_google}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerificationResource(@JsonProperty("status") @Nullable String status,
		@JsonProperty("strategy") @Nullable String strategy) {

	/**
	 * Whether Clerk considers the address verified.
	 * @return {@code true} only when the status is {@code verified}
	 */
	public boolean isVerified() {
		return "verified".equals(this.status);
	}

}
