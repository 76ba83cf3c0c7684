package dev.clerkusers.token;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The host and port of a URL's authority, read by hand as a token's issuer writes them:
 * {@code java.net.URI} gives no host for a name that is no Internet host's
 * ({@code fake_clerk}, a stand-in in Docker Compose), which an issuer may still name.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API (see
 * {@code docs/versioning.md}).
 *
 * @param host the host, an IPv6 address in its brackets; empty when there is none
 * @param port the port as written after the colon, or {@code null} without a colon
 */
public record UrlAuthority(String host, @Nullable String port) {

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");

	/**
	 * Splits an authority without a user into its host and port.
	 * @param authority the authority, for example {@code clerk.example.com:8443} or
	 * {@code [::1]:3000}
	 * @return its host and port
	 */
	public static UrlAuthority of(String authority) {
		int colon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']'))
				: authority.lastIndexOf(':');
		return (colon < 0) ? new UrlAuthority(authority, null)
				: new UrlAuthority(authority.substring(0, colon), authority.substring(colon + 1));
	}

	/**
	 * Whether it names a host: a name of letters, digits, hyphens, dots and underscores
	 * (the last for a stand-in's name), or an IP address in brackets.
	 * {@code java.net.URI} takes more as a registry name ({@code $}, {@code !},
	 * parentheses, …), which no host holds and no token's issuer names.
	 * @return {@code false} for an empty host, empty brackets or any other character
	 */
	public boolean hasHost() {
		return HOST.matcher(this.host).matches();
	}

	/**
	 * Whether its port, if any, is written as an issuer of a token writes it: in plain
	 * digits from 1 to 65535, and never the scheme's default port, which is left out.
	 * @param scheme {@code https} or {@code http}
	 * @return {@code true} without a port
	 */
	public boolean hasPortAsWritten(String scheme) {
		if (this.port == null) {
			return true;
		}
		String defaultPort = scheme.toLowerCase(Locale.ROOT).equals("https") ? "443" : "80";
		return this.port.matches("[1-9][0-9]{0,4}") && Integer.parseInt(this.port) <= 65535
				&& !this.port.equals(defaultPort);
	}

}
