package dev.clerkusers.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.clerkusers.token.ClerkTokenType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Which of Clerk's session cookies holds a request's token, as {@code @clerk/backend}
 * chooses: the cookie suffixed for the instance ({@code __session_<suffix>}, the suffix
 * taken from the publishable key, so that several Clerk applications on one host, such as
 * {@code localhost} on different ports, keep their sessions apart) when the request has
 * it, else the plain one ({@code __session}). A plain cookie that holds the token of
 * another Clerk instance (its {@code iss} is another issuer) is no token for this one:
 * the other application's session, not a refusal, and a plain cookie of this instance
 * sent after it is still read. Nothing is verified here; the token found is verified as
 * any other.
 */
public final class ClerkSessionCookie {

	/** The name of Clerk's session cookie. */
	public static final String NAME = "__session";

	private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

	private final String name;

	private final @Nullable String suffixedName;

	private final @Nullable String issuer;

	private ClerkSessionCookie(String name, @Nullable String suffixedName, @Nullable String issuer) {
		this.name = name;
		this.suffixedName = suffixedName;
		this.issuer = issuer;
	}

	/**
	 * The cookie of this name only.
	 * @param name the cookie's name, usually {@link #NAME}
	 * @return the cookie
	 */
	public static ClerkSessionCookie named(String name) {
		Assert.hasText(name, "name must not be empty");
		return new ClerkSessionCookie(name, null, null);
	}

	/**
	 * This cookie, and first the one suffixed for the instance of a publishable key, as
	 * Clerk's frontend sets it.
	 * @param publishableKey the instance's publishable key
	 * @return the cookie
	 */
	public ClerkSessionCookie suffixedFor(String publishableKey) {
		return new ClerkSessionCookie(this.name, this.name + "_" + suffix(publishableKey), this.issuer);
	}

	/**
	 * This cookie, which holds no token of this instance when its token names another
	 * issuer.
	 * @param issuer the instance's issuer (its Frontend API URL)
	 * @return the cookie
	 */
	public ClerkSessionCookie ofIssuer(String issuer) {
		return new ClerkSessionCookie(this.name, this.suffixedName, withoutTrailingSlash(issuer));
	}

	/**
	 * The token of a request's cookies: the first value of the instance's suffixed
	 * cookie, else the first value of the plain one that is this instance's (a browser
	 * may send several of that name, another application's on the same host among them).
	 * @param cookies the values of a request's cookies of a name, in the order the
	 * request has them (empty when it has none)
	 * @return the token, or {@code null} when the request has none for this instance
	 */
	public @Nullable String token(Function<String, ? extends Collection<String>> cookies) {
		if (this.suffixedName != null) {
			for (String suffixed : cookies.apply(this.suffixedName)) {
				String value = read(suffixed);
				if (StringUtils.hasText(value)) {
					return value;
				}
			}
		}
		for (String plain : cookies.apply(this.name)) {
			String value = read(plain);
			if (StringUtils.hasText(value) && isOfThisInstance(value)) {
				return value;
			}
		}
		return null;
	}

	/**
	 * A cookie's value without the whitespace around it (which Tomcat trims already, and
	 * a container or MockMvc may pass on) and without the double quotes RFC 6265 allows
	 * around it, as Clerk's cookie parser reads it (Reactor Netty leaves them out
	 * already, Tomcat keeps them).
	 */
	private static String read(String value) {
		String trimmed = value.trim();
		return (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\""))
				? trimmed.substring(1, trimmed.length() - 1) : trimmed;
	}

	/**
	 * Whether a request sends this cookie with a value, whatever the value holds.
	 * @param cookies the values of a request's cookies of a name
	 * @return {@code true} when the plain or the suffixed cookie has a value
	 */
	public boolean isSentWith(Function<String, ? extends Collection<String>> cookies) {
		return cookies.apply(this.name).stream().anyMatch(StringUtils::hasText) || (this.suffixedName != null
				&& cookies.apply(this.suffixedName).stream().anyMatch(StringUtils::hasText));
	}

	/**
	 * The suffix of the session cookie of an instance, as Clerk's {@code getCookieSuffix}
	 * computes it: the first eight characters of the URL-safe Base64 of the SHA-1 of its
	 * publishable key.
	 * @param publishableKey the publishable key
	 * @return the suffix
	 */
	public static String suffix(String publishableKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(publishableKey.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().encodeToString(digest).substring(0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	/**
	 * An issuer as the verifier compares it: one trailing slash does not make another
	 * issuer.
	 */
	private static String withoutTrailingSlash(String issuer) {
		return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
	}

	/**
	 * Whether a segment is base64url without padding, as the verifier reads a JWT's
	 * ({@code @clerk/backend}'s decoder too): only {@code A-Z a-z 0-9 - _}, never a
	 * length of 1 modulo 4.
	 */
	private static boolean isBase64Url(String segment) {
		return !segment.isEmpty() && segment.length() % 4 != 1 && BASE64URL.matcher(segment).matches();
	}

	/**
	 * Whether a plain cookie holds a token of this instance: a JWT (three segments of
	 * base64url, its header a JSON object) whose payload names its issuer. A cookie of
	 * that common name that is no token at all (another tool's), or a token of another
	 * instance, is none of this instance's; without a known issuer, verification decides.
	 * A machine token's form (an API key, say, which names no issuer) is Clerk's, and
	 * left to the rule that refuses machine tokens in a cookie.
	 */
	private boolean isOfThisInstance(String token) {
		return this.issuer == null || namesIssuer(token, this.issuer) || ClerkTokenType.of(token).isMachine();
	}

	private static boolean namesIssuer(String token, String expected) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3 || !isBase64Url(parts[0]) || !isBase64Url(parts[1])
				|| !(parts[2].isEmpty() || isBase64Url(parts[2]))) {
			return false;
		}
		try {
			JsonMapper json = JsonMapper.shared();
			if (!json.readTree(Base64.getUrlDecoder().decode(parts[0])).isObject()) {
				return false;
			}
			JsonNode issuer = json.readTree(Base64.getUrlDecoder().decode(parts[1])).get("iss");
			return issuer != null && issuer.isString() && withoutTrailingSlash(issuer.asString()).equals(expected);
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return false;
		}
	}

}
