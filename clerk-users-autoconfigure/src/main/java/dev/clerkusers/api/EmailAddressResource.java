package dev.clerkusers.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Clerk email address, as it appears in a user's {@code email_addresses}.
 *
 * @param id the address id ({@code idn_…})
 * @param emailAddress the address itself
 * @param verification how and whether it was verified; {@code null} when Clerk sent none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailAddressResource(@JsonProperty("id") @Nullable String id,
		@JsonProperty("email_address") @Nullable String emailAddress,
		@JsonProperty("verification") @Nullable VerificationResource verification) {

	/**
	 * Whether this address is verified.
	 * @return {@code true} only when Clerk reports the verification status
	 * {@code verified}
	 */
	public boolean isVerified() {
		return this.verification != null && this.verification.isVerified();
	}

}
