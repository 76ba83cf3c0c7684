package dev.clerkusers.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A Clerk publishable key ({@code pk_test_…} or {@code pk_live_…}), which encodes the
 * instance's Frontend API host: {@code pk_<env>_} followed by the base64 of
 * {@code <frontend-api-host>$}.
 *
 * @param value the key
 * @param frontendApiHost the Frontend API host, for example {@code clerk.example.com}
 * @param live whether it is a production ({@code pk_live_}) key
 */
public record ClerkPublishableKey(String value, String frontendApiHost, boolean live) {

	/**
	 * Parses a publishable key.
	 * @param value the key
	 * @return the parsed key
	 * @throws IllegalArgumentException when the value is not a publishable key
	 */
	public static ClerkPublishableKey parse(String value) {
		String key = value.trim();
		boolean live;
		if (key.startsWith("pk_live_")) {
			live = true;
		}
		else if (key.startsWith("pk_test_")) {
			live = false;
		}
		else {
			throw new IllegalArgumentException("A publishable key starts with pk_test_ or pk_live_");
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(key.substring(8)), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The publishable key does not encode a Frontend API host", ex);
		}
		if (!decoded.endsWith("$")) {
			throw new IllegalArgumentException("The publishable key does not encode a Frontend API host");
		}
		String authority = decoded.substring(0, decoded.length() - 1);
		String problem = authorityProblem(authority);
		if (problem != null) {
			throw new IllegalArgumentException(
					"The publishable key encodes '" + authority + "', which is no Frontend API host: " + problem);
		}
		return new ClerkPublishableKey(key, authority, live);
	}

	/**
	 * Says what keeps a URL's authority from being a host and, optionally, a port from 1
	 * to 65535 in plain digits other than https's 443, and nothing else: no user, path,
	 * query or fragment, nothing a host cannot hold (a space, a second {@code $}, say),
	 * no empty port, leading zeros or default port, which no issuer of a token is written
	 * with.
	 * @return the problem, or {@code null} when there is none
	 */
	private static @Nullable String authorityProblem(String authority) {
		try {
			URI uri = new URI("https://" + authority);
			if (!authority.equals(uri.getRawAuthority()) || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
					|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
				return "it holds a user, a path, a query or a fragment";
			}
		}
		catch (URISyntaxException ex) {
			return "it is no URL's host (" + ex.getReason() + ")";
		}
		UrlAuthority hostAndPort = UrlAuthority.of(authority);
		if (!hostAndPort.hasHost()) {
			return "a host holds letters, digits, hyphens, dots and underscores only, or an IP address in brackets";
		}
		if (!hostAndPort.hasPortAsWritten("https")) {
			return "its port is written otherwise than an issuer of a session token writes it (the default port 443"
					+ " left out, any other in plain digits from 1 to 65535)";
		}
		return null;
	}

	/**
	 * Builds the publishable key of a Frontend API host, as Clerk does; for tests and
	 * local stand-ins. The host is encoded as given: unlike {@link #parse}, nothing is
	 * checked, so a key made of a host that {@code parse} refuses is refused when it is
	 * read back.
	 * @param frontendApiHost the host, for example {@code clerk.example.com}
	 * @param live whether to make a {@code pk_live_} key
	 * @return the key
	 */
	public static ClerkPublishableKey of(String frontendApiHost, boolean live) {
		String encoded = Base64.getEncoder().encodeToString((frontendApiHost + "$").getBytes(StandardCharsets.UTF_8));
		return new ClerkPublishableKey((live ? "pk_live_" : "pk_test_") + encoded, frontendApiHost, live);
	}

	/**
	 * The Frontend API URL, which is the issuer of the instance's session tokens.
	 * @return the URL, for example {@code https://clerk.example.com}
	 */
	public String frontendApiUrl() {
		return "https://" + this.frontendApiHost;
	}

}
