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

	/**
	 * Whether two email addresses are the same address: equal but for the case of their
	 * ASCII letters ({@link #fold(String)}).
	 * @param first an address, or {@code null}
	 * @param second another, or {@code null}
	 * @return {@code true} when both are the same address, or both {@code null}
	 */
	public static boolean sameAddress(@Nullable String first, @Nullable String second) {
		return (first == null || second == null) ? first == second : fold(first).equals(fold(second));
	}

	/**
	 * The form of an email address in which two are the same: its ASCII letters in lower
	 * case, nothing else changed. The library compares addresses so everywhere, and the
	 * users table's unique index too ({@code lower(email collate "C")}). A wider folding
	 * would make different mailboxes one: Java's case mapping takes the Kelvin sign
	 * (U+212A) for {@code k}, and PostgreSQL's under most locales {@code İ} (U+0130) for
	 * {@code i}, so an address spelled with one would link, or block, another person's
	 * account.
	 * @param email an address
	 * @return its folded form
	 */
	public static String fold(String email) {
		StringBuilder folded = null;
		for (int i = 0; i < email.length(); i++) {
			char c = email.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				if (folded == null) {
					folded = new StringBuilder(email);
				}
				folded.setCharAt(i, (char) (c + ('a' - 'A')));
			}
		}
		return (folded != null) ? folded.toString() : email;
	}

}
