package dev.clerkusers.token;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The token types a filter chain accepts, as {@code @clerk/backend}'s
 * {@code acceptsToken} and the {@code clerk.accepts-tokens} property name them. The
 * default is session tokens only: a machine token is accepted only where the application
 * opts in.
 *
 * @param types the accepted types, not empty
 */
public record AcceptedTokenTypes(Set<ClerkTokenType> types) {

	/**
	 * Creates the accepted types.
	 * @param types the accepted types, not empty
	 */
	public AcceptedTokenTypes {
		if (types.isEmpty()) {
			throw new IllegalArgumentException("At least one token type must be accepted");
		}
		types = Set.copyOf(EnumSet.copyOf(types));
	}

	/**
	 * Session tokens only, the default.
	 * @return the accepted types
	 */
	public static AcceptedTokenTypes sessionTokensOnly() {
		return new AcceptedTokenTypes(Set.of(ClerkTokenType.SESSION_TOKEN));
	}

	/**
	 * These types (one named twice counts once).
	 * @param types the types
	 * @return the accepted types
	 * @throws IllegalArgumentException for none, or a {@code null} among them
	 */
	public static AcceptedTokenTypes of(ClerkTokenType... types) {
		List<ClerkTokenType> list = Arrays.asList(types);
		if (list.contains(null)) {
			throw new IllegalArgumentException("A token type to accept must not be null");
		}
		return new AcceptedTokenTypes(new HashSet<>(list));
	}

	/**
	 * The types some names stand for ({@code session_token}, {@code api_key},
	 * {@code m2m_token}, {@code oauth_token}, or {@code any}).
	 * @param names the names
	 * @return the accepted types
	 * @throws IllegalArgumentException for an unknown name, or none
	 */
	public static AcceptedTokenTypes parse(Collection<String> names) {
		return new AcceptedTokenTypes(ClerkTokenType.parse(names));
	}

	/**
	 * Whether a type is accepted.
	 * @param type the type
	 * @return {@code true} when accepted
	 */
	public boolean accepts(ClerkTokenType type) {
		return this.types.contains(type);
	}

	/**
	 * Whether any machine token type is accepted.
	 * @return {@code true} when API keys, M2M or OAuth tokens are
	 */
	public boolean acceptsMachineTokens() {
		return this.types.stream().anyMatch(ClerkTokenType::isMachine);
	}

	/**
	 * Whether session tokens only are accepted.
	 * @return {@code true} for the default
	 */
	public boolean isSessionTokensOnly() {
		return !acceptsMachineTokens();
	}

	@Override
	public String toString() {
		return this.types.stream().sorted().map(ClerkTokenType::value).collect(Collectors.joining(", "));
	}

}
