package dev.clerkusers.security;

import dev.clerkusers.token.ClerkTokenType;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a Clerk token's authentication knows: where the token came from,
 * and once done, the type of the token, the outcome and the reason of a refusal. It never
 * holds the token or the user.
 */
public class ClerkAuthenticationObservationContext extends Observation.Context {

	/** The outcome of a token that was accepted. */
	public static final String ACCEPTED = "accepted";

	/** The outcome of a token that was refused (answered 401). */
	public static final String REFUSED = "refused";

	/** The outcome of a token that could not be checked for an outage (answered 503). */
	public static final String UNAVAILABLE = "unavailable";

	private final TokenSource source;

	private @Nullable String outcome;

	private @Nullable String reason;

	private @Nullable ClerkTokenType tokenType;

	/**
	 * Creates a context.
	 * @param source where the token was found
	 */
	public ClerkAuthenticationObservationContext(TokenSource source) {
		this.source = source;
	}

	/**
	 * Where the token was found.
	 * @return the source
	 */
	public TokenSource getSource() {
		return this.source;
	}

	/**
	 * The outcome: {@link #ACCEPTED}, {@link #REFUSED} or {@link #UNAVAILABLE}.
	 * @return the outcome, or {@code null} while the authentication runs
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Why the token was refused or could not be checked: a stable code such as
	 * {@code token-expired} or {@code user-inactive}.
	 * @return the code, or {@code null} for an accepted token
	 */
	public @Nullable String getReason() {
		return this.reason;
	}

	/**
	 * The type of the token: the type a chain accepted it as, or the type a refused token
	 * reads as (a machine token sent to a chain that takes session tokens only, say);
	 * while the authentication runs, the type the chain reads it as (a session token on a
	 * chain that takes those only).
	 * @return the type, or {@code null} for a request whose token could not be read (an
	 * empty bearer header, several {@code Authorization} headers), and for a refused
	 * token of no type's form (neither a JWT nor a machine token)
	 */
	public @Nullable ClerkTokenType getTokenType() {
		return this.tokenType;
	}

	void tokenType(@Nullable ClerkTokenType tokenType) {
		this.tokenType = tokenType;
	}

	void accepted() {
		this.outcome = ACCEPTED;
		this.reason = null;
	}

	void refused(String outcome, String reason) {
		this.outcome = outcome;
		this.reason = reason;
	}

}
