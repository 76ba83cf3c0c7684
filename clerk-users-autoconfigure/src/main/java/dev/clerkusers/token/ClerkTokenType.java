package dev.clerkusers.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The kinds of token Clerk issues, named as {@code @clerk/backend}'s {@code TokenType}
 * names them (the names of {@code acceptsToken} and of {@code clerk.accepts-tokens}). A
 * token's type is told by its form only ({@link #of(String)}), never by anything else a
 * caller sends.
 */
public enum ClerkTokenType {

	/** A session token: a JWT of a signed-in user's session. */
	SESSION_TOKEN("session_token"),

	/** An API key ({@code ak_…}), of a user, an organization or a machine. */
	API_KEY("api_key"),

	/**
	 * A machine-to-machine token: opaque ({@code mt_…}) or a JWT whose {@code sub} is a
	 * machine ({@code mch_…}).
	 */
	M2M_TOKEN("m2m_token"),

	/**
	 * An OAuth access token of Clerk as an OAuth provider: opaque ({@code oat_…}) or a
	 * JWT whose {@code typ} is {@code at+jwt} or {@code application/at+jwt} (RFC 9068).
	 */
	OAUTH_TOKEN("oauth_token");

	/** The prefix of opaque M2M tokens. */
	public static final String M2M_TOKEN_PREFIX = "mt_";

	/** The prefix of opaque OAuth access tokens. */
	public static final String OAUTH_TOKEN_PREFIX = "oat_";

	/** The prefix of API keys. */
	public static final String API_KEY_PREFIX = "ak_";

	/** The prefixes of opaque machine tokens: API keys, OAuth and M2M tokens. */
	static final List<String> OPAQUE_PREFIXES = List.of(API_KEY_PREFIX, OAUTH_TOKEN_PREFIX, M2M_TOKEN_PREFIX);

	/** The prefix of machine ids, the {@code sub} of M2M JWTs. */
	public static final String MACHINE_SUBJECT_PREFIX = "mch_";

	/** The {@code typ} header values of OAuth access-token JWTs (RFC 9068). */
	public static final Set<String> OAUTH_JWT_TYPES = Set.of("at+jwt", "application/at+jwt");

	/** The value of {@code clerk.accepts-tokens} that accepts every type. */
	public static final String ANY = "any";

	private static final JsonFactory JSON = new JsonFactory();

	/**
	 * What follows the prefix of a Clerk id ({@code user_2abc…}): letters and digits (an
	 * underscore or a hyphen tolerated), never a space, a line break or a path.
	 */
	private static final Pattern CLERK_ID_SUFFIX = Pattern.compile("[A-Za-z0-9_-]+");

	private final String value;

	ClerkTokenType(String value) {
		this.value = value;
	}

	/**
	 * The name Clerk gives this type.
	 * @return for example {@code api_key}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Whether this is a machine token type (anything but a session token).
	 * @return {@code true} for API keys, M2M and OAuth tokens
	 */
	public boolean isMachine() {
		return this != SESSION_TOKEN;
	}

	/**
	 * Whether a subject is one a token of this type can have (rule M5a): a user, an
	 * organization or a machine for an API key, a machine for an M2M token, a user for an
	 * OAuth token, each its prefix followed by letters, digits, {@code _} or {@code -}.
	 * Anything else (an empty one, a prefix alone, a space) confirms no one.
	 */
	boolean isSubjectOf(String subject) {
		List<String> prefixes = switch (this) {
			case API_KEY -> List.of("user_", "org_", MACHINE_SUBJECT_PREFIX);
			case M2M_TOKEN -> List.of(MACHINE_SUBJECT_PREFIX);
			case OAUTH_TOKEN -> List.of("user_");
			case SESSION_TOKEN -> List.of();
		};
		return prefixes.stream()
			.anyMatch((prefix) -> subject.startsWith(prefix)
					&& CLERK_ID_SUFFIX.matcher(subject.substring(prefix.length())).matches());
	}

	/**
	 * The type of a token, by its form alone, in {@code @clerk/backend}'s order
	 * ({@code getMachineTokenType}): {@code mt_…} or a JWT whose {@code sub} starts with
	 * {@code mch_} is an M2M token; {@code oat_…} or a JWT with {@code typ}
	 * {@code at+jwt}/{@code application/at+jwt} an OAuth token; {@code ak_…} an API key;
	 * anything else a session token (whose own rules then refuse what is not one). The
	 * JWT's header and payload are read here without verifying anything: the verifier of
	 * the type checks the signature and claims (a token that would be told apart
	 * differently by a strict reading, such as one with {@code sub} twice, is refused by
	 * every verifier).
	 * @param token the token as sent
	 * @return its type
	 */
	public static ClerkTokenType of(String token) {
		if (token.startsWith(M2M_TOKEN_PREFIX)) {
			return M2M_TOKEN;
		}
		if (token.startsWith(OAUTH_TOKEN_PREFIX)) {
			return OAUTH_TOKEN;
		}
		if (token.startsWith(API_KEY_PREFIX)) {
			return API_KEY;
		}
		return ofJwt(token);
	}

	/**
	 * A JWT's type from its payload's {@code sub} and its header's {@code typ}, read with
	 * a streaming parser that stops at what it needs (this runs on every request of a
	 * chain that accepts several types, before any cache). It is lenient: what it
	 * misreads, the strict rules of the verifier of the type it tells refuse.
	 */
	private static ClerkTokenType ofJwt(String token) {
		int first = token.indexOf('.');
		int second = (first < 0) ? -1 : token.indexOf('.', first + 1);
		if (second < 0 || token.indexOf('.', second + 1) >= 0) {
			return SESSION_TOKEN;
		}
		try {
			String payload = decode(token.substring(first + 1, second));
			if (payload.contains(MACHINE_SUBJECT_PREFIX)) {
				String subject = topLevelString(payload, "sub");
				if (subject != null && subject.startsWith(MACHINE_SUBJECT_PREFIX)) {
					return M2M_TOKEN;
				}
			}
			String header = decode(token.substring(0, first));
			if (header.contains("at+jwt")) {
				String type = topLevelString(header, "typ");
				if (type != null && OAUTH_JWT_TYPES.contains(type)) {
					return OAUTH_TOKEN;
				}
			}
		}
		catch (IllegalArgumentException | JacksonException ex) {
			// Not a well-formed JWT: the session-token rules refuse it with their reason.
		}
		return SESSION_TOKEN;
	}

	private static String decode(String segment) {
		return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
	}

	private static @Nullable String topLevelString(String json, String name) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String property = parser.currentName();
				JsonToken value = parser.nextToken();
				if (name.equals(property)) {
					return (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
				}
				parser.skipChildren();
			}
			return null;
		}
	}

	/**
	 * The type of a name.
	 * @param value a name, for example {@code api_key} (case and surrounding blanks do
	 * not matter; {@code -} may stand for {@code _})
	 * @return the type
	 * @throws IllegalArgumentException for an unknown name, listing the known ones
	 */
	public static ClerkTokenType fromValue(String value) {
		String normalized = value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
		for (ClerkTokenType type : values()) {
			if (type.value.equals(normalized)) {
				return type;
			}
		}
		throw new IllegalArgumentException(
				"Unknown Clerk token type '" + value + "': use session_token, api_key, m2m_token, oauth_token or any");
	}

	/**
	 * The types some names stand for, as {@code clerk.accepts-tokens} lists them;
	 * {@value #ANY} stands for every type.
	 * @param values the names
	 * @return the types, not empty
	 * @throws IllegalArgumentException for an unknown name, or no name at all
	 */
	public static Set<ClerkTokenType> parse(Collection<String> values) {
		Set<ClerkTokenType> types = EnumSet.noneOf(ClerkTokenType.class);
		for (String value : values) {
			if (value.isBlank()) {
				continue;
			}
			// Every name is checked, also after any: a mistyped one is never let by.
			types.addAll(ANY.equalsIgnoreCase(value.strip()) ? EnumSet.allOf(ClerkTokenType.class)
					: EnumSet.of(fromValue(value)));
		}
		if (types.isEmpty()) {
			throw new IllegalArgumentException("No Clerk token type is accepted: list at least one");
		}
		return types;
	}

}
