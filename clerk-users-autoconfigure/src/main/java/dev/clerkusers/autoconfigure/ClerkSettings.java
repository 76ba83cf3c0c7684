package dev.clerkusers.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.clerkusers.security.ClerkSessionCookie;
import dev.clerkusers.token.ClerkPublishableKey;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.UrlAuthority;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * Reads and checks the properties whose values must be right for anything to work: keys
 * and the issuer.
 */
final class ClerkSettings {

	private static final Log logger = LogFactory.getLog(ClerkSettings.class);

	/** The length of the keys of the signing secrets Svix issues. */
	private static final int SVIX_SECRET_BYTES = 24;

	/** Secret keys that are placeholders from examples and templates, not keys. */
	private static final Set<String> PLACEHOLDER_SECRET_KEYS = Set.of("abc123", "sk_test_mock_secret_key",
			"sk_live_replace_me", "sk_test_replace_me", "sk_test_xxx", "sk_live_xxx");

	/** A key that is only x's, dots or an ellipsis after its prefix. */
	private static final Pattern PLACEHOLDER_AFTER_PREFIX = Pattern.compile("(sk|ak)_(test_|live_)?(x+|[.\u2026]+)");

	private static final String SET_THE_ISSUER = "Set clerk.issuer to your instance's Frontend API URL, for example "
			+ "https://clerk.example.com, or remove it and set clerk.publishable-key.";

	private ClerkSettings() {
	}

	/**
	 * The secret key, checked.
	 * @param properties the properties
	 * @return the key, or {@code null} when none is set
	 * @throws ClerkConfigurationException when it is a placeholder or not a secret key
	 */
	static @Nullable String secretKey(ClerkProperties properties) {
		String key = resolved("clerk.secret-key", trimToNull(properties.getSecretKey()), "CLERK_SECRET_KEY");
		if (key == null) {
			return null;
		}
		String lower = key.toLowerCase(Locale.ROOT);
		if (PLACEHOLDER_SECRET_KEYS.contains(lower) || lower.startsWith("sk_test_mock") || isPlaceholder(lower)) {
			throw new ClerkConfigurationException("clerk.secret-key",
					"clerk.secret-key is a placeholder ('" + key + "'), not a Clerk secret key",
					"Set clerk.secret-key (or the environment variable CLERK_SECRET_KEY) to the secret key of your "
							+ "Clerk instance, from the Clerk dashboard under API keys, or remove it.");
		}
		if (!key.startsWith("sk_test_") && !key.startsWith("sk_live_")) {
			throw new ClerkConfigurationException("clerk.secret-key",
					"clerk.secret-key does not start with sk_test_ or sk_live_, so it is not a Clerk secret key",
					"Set clerk.secret-key to the secret key (sk_test_… or sk_live_…) from the Clerk dashboard. A "
							+ "publishable key (pk_…) goes into clerk.publishable-key.");
		}
		checkShape("clerk.secret-key", key, key.substring("sk_test_".length()));
		return key;
	}

	/**
	 * Whether a key is written as the placeholders of examples and templates are: it
	 * holds one of their words ({@code sk_test_replace_me},
	 * {@code ak_your_machine_secret_key}, {@code sk_test_xxx_placeholder}) or a name in
	 * angle brackets ({@code sk_test_<your-secret-key>}) or in a template's double braces
	 * ({@code sk_test_{{CLERK_SECRET_KEY}}}), or is only x's or an ellipsis after its
	 * prefix ({@code sk_live_XXXXXXXX}, {@code sk_test_...}). Clerk's keys are random
	 * letters and digits after their prefix, so no real key is.
	 */
	private static boolean isPlaceholder(String lowerCaseKey) {
		return lowerCaseKey.contains("replace_me") || lowerCaseKey.contains("your_")
				|| lowerCaseKey.contains("changeme") || lowerCaseKey.contains("placeholder")
				|| lowerCaseKey.contains("<") || lowerCaseKey.contains(">") || lowerCaseKey.contains("{{")
				|| lowerCaseKey.contains("}}") || PLACEHOLDER_AFTER_PREFIX.matcher(lowerCaseKey).matches();
	}

	/**
	 * Refuses a key that is its prefix alone, or holds a space or a control character
	 * inside it (a line break or a tab copied with it; around it, they were trimmed): it
	 * would start, and Clerk would refuse every call made with it.
	 */
	private static void checkShape(String property, String key, String afterPrefix) {
		if (afterPrefix.isEmpty()) {
			throw new ClerkConfigurationException(property,
					property + " is only a prefix ('" + key + "'), with nothing of the key after it",
					"Copy the whole key from the Clerk dashboard into " + property + ".");
		}
		if (key.indexOf(',') >= 0) {
			// Spring joins the values of a property given twice (on the command line) so.
			throw new ClerkConfigurationException(property, property + " holds a comma, which no Clerk key has",
					"Give " + property + " once: Spring joins the values of a property given twice (on the command "
							+ "line, say) with a comma.");
		}
		if (key.chars().anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new ClerkConfigurationException(property,
					property + " holds a space or a control character, which no Clerk key has",
					"Copy the key again from the Clerk dashboard into " + property
							+ ", without the spaces or line breaks inside it.");
		}
	}

	/**
	 * Clerk's session cookie as the settings name it: {@code clerk.session-cookie.name},
	 * the instance's suffixed cookie first when a publishable key is set, and a cookie of
	 * another issuer counted as no token when the issuer is known.
	 * @param properties the properties
	 * @return the cookie
	 */
	static ClerkSessionCookie sessionCookie(ClerkProperties properties) {
		ClerkSessionCookie cookie = ClerkSessionCookie.named(properties.getSessionCookie().getName());
		String publishableKey = trimToNull(properties.getPublishableKey());
		if (publishableKey != null) {
			cookie = cookie.suffixedFor(publishableKey);
		}
		String issuer = issuer(properties);
		return (issuer != null) ? cookie.ofIssuer(issuer) : cookie;
	}

	/**
	 * The expected issuer: {@code clerk.issuer}, or the Frontend API URL of the
	 * publishable key.
	 * @param properties the properties
	 * @return the issuer, or {@code null} when neither is set
	 * @throws ClerkConfigurationException when the publishable key is malformed
	 */
	static @Nullable String issuer(ClerkProperties properties) {
		// Checked also beside clerk.issuer: the key suffixes the session cookie's name.
		String frontendApiUrl = publishableKeyFrontendApiUrl(properties);
		String written = trimToNull(properties.getIssuer());
		if (written != null) {
			// A URL's scheme and host have no case, and Clerk writes its issuers in lower
			// case.
			String issuer = NimbusClerkTokenVerifier.normalizeOrigin(written);
			if (!issuer.startsWith("https://") && !issuer.startsWith("http://")) {
				throw new ClerkConfigurationException("clerk.issuer",
						"clerk.issuer is not an https URL: '" + shown(written) + "'", SET_THE_ISSUER);
			}
			checkIssuerUrl(written, issuer);
			if (!ClerkProperties.isHttpsOrLocal(issuer)) {
				throw new ClerkConfigurationException("clerk.issuer",
						"clerk.issuer is a plain http URL of another machine: '" + shown(written)
								+ "'; Clerk's Frontend API URLs are https, and signing keys fetched from one in "
								+ "clear text could be replaced on the way",
						"Set clerk.issuer to your instance's Frontend API URL, which is https (plain http is for a "
								+ "stand-in on this machine, such as the test kit's fake Clerk).");
			}
			return issuer;
		}
		return frontendApiUrl;
	}

	/**
	 * Refuses an issuer that no token's {@code iss} can name, since it is compared as
	 * text: one that is no URL or has no host, holds a comma (a property given twice), a
	 * user, a query or a fragment, names its scheme's default port or a port not written
	 * in plain digits from 1 to 65535, is Clerk's Backend API, or is a
	 * {@code .well-known} URL of the instance (the key set's
	 * {@code /.well-known/jwks.json}, shown beside the Frontend API URL in Clerk's
	 * dashboard, or the discovery document's). A path is an issuer's own: behind Clerk's
	 * proxy, the issuer is the proxy's URL.
	 */
	private static void checkIssuerUrl(String written, String issuer) {
		if (issuer.indexOf(',') >= 0) {
			// Spring joins the values of a property given twice (on the command line) so.
			throw new ClerkConfigurationException("clerk.issuer",
					"clerk.issuer holds a comma, which no issuer's URL has: '" + shown(written) + "'",
					"Give clerk.issuer once, your instance's Frontend API URL: Spring joins the values of a property "
							+ "given twice (on the command line, say) with a comma.");
		}
		URI uri;
		try {
			uri = new URI(issuer);
		}
		catch (URISyntaxException ex) {
			throw new ClerkConfigurationException("clerk.issuer",
					"clerk.issuer is not a URL: '" + shown(written) + "' (" + ex.getReason() + ")", SET_THE_ISSUER);
		}
		String authority = uri.getRawAuthority();
		if (authority != null && (uri.getRawUserInfo() != null || authority.contains("@")) || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			throw new ClerkConfigurationException("clerk.issuer", "clerk.issuer holds a user, a query or a fragment, "
					+ "which no issuer of a session token has: '" + shown(written) + "'", SET_THE_ISSUER);
		}
		UrlAuthority hostAndPort = UrlAuthority.of((authority != null) ? authority : "");
		if (!hostAndPort.hasHost()) {
			throw new ClerkConfigurationException("clerk.issuer",
					"clerk.issuer is not a URL with a host (a host holds letters, digits, hyphens, dots and "
							+ "underscores only, or an IP address in brackets): '" + shown(written) + "'",
					SET_THE_ISSUER);
		}
		if (!hostAndPort.hasPortAsWritten(uri.getScheme())) {
			throw new ClerkConfigurationException("clerk.issuer",
					"clerk.issuer names its port otherwise than an "
							+ "issuer of a session token does (the scheme's default port left out, any other in plain "
							+ "digits from 1 to 65535): '" + shown(written) + "'",
					SET_THE_ISSUER);
		}
		if (hostAndPort.host().equalsIgnoreCase("api.clerk.com")) {
			throw new ClerkConfigurationException("clerk.issuer",
					"clerk.issuer is Clerk's Backend API, which issues no session token: '" + shown(written) + "'",
					SET_THE_ISSUER);
		}
		int wellKnown = (uri.getRawPath() + "/").indexOf("/.well-known/");
		if (wellKnown >= 0) {
			String frontendApiUrl = uri.getScheme() + "://" + authority + uri.getRawPath().substring(0, wellKnown);
			throw new ClerkConfigurationException("clerk.issuer",
					"clerk.issuer is a .well-known URL of the instance (its signing keys, or its discovery document), "
							+ "not the issuer of its session tokens: '" + shown(written) + "'",
					"Set clerk.issuer to " + frontendApiUrl + ", the Frontend API URL, or remove it and set "
							+ "clerk.publishable-key.");
		}
	}

	/**
	 * A URL as a message may show it: without the password of a user written in it.
	 */
	private static String shown(String url) {
		return url.replaceFirst("(?<=://)[^/@]*:[^/@]*@", "…@");
	}

	/**
	 * Says why {@code clerk.issuer} and the Frontend API URL of
	 * {@code clerk.publishable-key} name different Frontend APIs, when both are set and
	 * they do (beyond one trailing slash and the case of the host).
	 * @param properties the properties
	 * @return the warning, or {@code null} when they agree or one is not set
	 */
	static @Nullable String issuerMismatch(ClerkProperties properties) {
		String issuer = trimToNull(properties.getIssuer());
		String frontendApiUrl = publishableKeyFrontendApiUrl(properties);
		if (issuer == null || frontendApiUrl == null
				|| withoutTrailingSlash(issuer).equalsIgnoreCase(withoutTrailingSlash(frontendApiUrl))
				|| hasPath(issuer)) {
			// An issuer with a path is Clerk's proxy, whose tokens name the proxy's URL.
			return null;
		}
		return "clerk.issuer (" + issuer + ") is not the Frontend API URL of clerk.publishable-key (" + frontendApiUrl
				+ "), so session tokens must name " + issuer + " as their issuer, and those of the publishable key's "
				+ "instance are refused (token-invalid-issuer); remove clerk.issuer, whose default is the publishable "
				+ "key's, unless it names a stand-in of that instance";
	}

	/**
	 * Says why {@code clerk.secret-key} and {@code clerk.publishable-key} belong to
	 * different Clerk instances, when one is a production key ({@code sk_live_},
	 * {@code pk_live_}) and the other a development key: the keys fetched with the secret
	 * key cannot verify the tokens of the publishable key's instance.
	 * @param properties the properties
	 * @return the warning, or {@code null} when they are of one kind or one is not set
	 */
	static @Nullable String instanceMismatch(ClerkProperties properties) {
		String secretKey = trimToNull(properties.getSecretKey());
		String publishableKey = trimToNull(properties.getPublishableKey());
		if (secretKey == null || publishableKey == null
				|| !(secretKey.startsWith("sk_test_") || secretKey.startsWith("sk_live_"))
				|| !(publishableKey.startsWith("pk_test_") || publishableKey.startsWith("pk_live_"))) {
			return null;
		}
		boolean liveSecretKey = secretKey.startsWith("sk_live_");
		boolean livePublishableKey = publishableKey.startsWith("pk_live_");
		if (liveSecretKey == livePublishableKey) {
			return null;
		}
		return "clerk.secret-key is the key of " + instanceKind(liveSecretKey) + " (" + secretKey.substring(0, 8)
				+ ") and clerk.publishable-key of " + instanceKind(livePublishableKey) + " ("
				+ publishableKey.substring(0, 8) + "), so they name different Clerk instances: "
				+ ((trimToNull(properties.getJwtKey()) != null) ? ""
						: "the signing keys fetched with the secret key do not verify the session tokens of the "
								+ "publishable key's instance, and ")
				+ "first sign-ins and syncs read the users of the secret key's instance; take both from the API keys "
				+ "page of one instance";
	}

	private static String instanceKind(boolean live) {
		return live ? "a production instance" : "a development instance";
	}

	private static boolean hasPath(String url) {
		int schemeEnd = url.indexOf("://");
		int pathStart = (schemeEnd < 0) ? -1 : url.indexOf('/', schemeEnd + 3);
		return pathStart >= 0 && pathStart < url.length() - 1;
	}

	private static String withoutTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static @Nullable String publishableKeyFrontendApiUrl(ClerkProperties properties) {
		String publishableKey = resolved("clerk.publishable-key", trimToNull(properties.getPublishableKey()),
				"CLERK_PUBLISHABLE_KEY");
		if (publishableKey == null) {
			return null;
		}
		try {
			// Clerk writes its issuers in lower case; a key may encode its host
			// otherwise.
			return NimbusClerkTokenVerifier.normalizeOrigin(ClerkPublishableKey.parse(publishableKey).frontendApiUrl());
		}
		catch (IllegalArgumentException ex) {
			throw new ClerkConfigurationException("clerk.publishable-key",
					"clerk.publishable-key is not a Clerk publishable key: " + ex.getMessage(),
					"Set clerk.publishable-key to the publishable key (pk_test_… or pk_live_…) from the Clerk "
							+ "dashboard.");
		}
	}

	/**
	 * The machine secret key, checked.
	 * @param properties the properties
	 * @return the key, or {@code null}
	 * @throws ClerkConfigurationException when it is a placeholder or lacks the
	 * {@code ak_} prefix
	 */
	static @Nullable String machineSecretKey(ClerkProperties properties) {
		String key = resolved("clerk.machine-secret-key", trimToNull(properties.getMachineSecretKey()),
				"CLERK_MACHINE_SECRET_KEY");
		if (key == null) {
			return null;
		}
		if (isPlaceholder(key.toLowerCase(Locale.ROOT))) {
			throw new ClerkConfigurationException("clerk.machine-secret-key",
					"clerk.machine-secret-key is a placeholder ('" + key + "'), not a machine secret key",
					"Set clerk.machine-secret-key (or the environment variable CLERK_MACHINE_SECRET_KEY) to the secret"
							+ " key (ak_…) from the machine's page in the Clerk dashboard, or remove it.");
		}
		if (!key.startsWith("ak_")) {
			throw new ClerkConfigurationException("clerk.machine-secret-key",
					"clerk.machine-secret-key does not start with ak_, so it is not a machine secret key",
					"Set clerk.machine-secret-key to the secret key (ak_…) from the machine's page in the Clerk "
							+ "dashboard, or remove it to verify M2M tokens with clerk.secret-key.");
		}
		checkShape("clerk.machine-secret-key", key, key.substring("ak_".length()));
		return key;
	}

	/**
	 * The PEM key.
	 * @param properties the properties
	 * @return the key, or {@code null}
	 */
	static @Nullable String jwtKey(ClerkProperties properties) {
		return resolved("clerk.jwt-key", trimToNull(properties.getJwtKey()), "CLERK_JWT_KEY");
	}

	/**
	 * Whether a property has a value, for a condition: a placeholder that nothing
	 * resolves (the quick start's {@code ${CLERK_SECRET_KEY}} before the variable is
	 * exported) counts as one, so that the check of the value stops the application
	 * naming the property, rather than the condition failing with a stack trace.
	 * @param environment the environment
	 * @param property the property
	 * @return whether it has a non-blank value
	 */
	static boolean isSet(PropertyResolver environment, String property) {
		try {
			return trimToNull(environment.getProperty(property)) != null;
		}
		catch (IllegalArgumentException ex) {
			// PlaceholderResolutionException: set, to a placeholder nothing resolved
			return true;
		}
	}

	/**
	 * A key as bound, refused when it is a placeholder that nothing resolved (Boot's
	 * binder keeps it as the value).
	 */
	private static @Nullable String resolved(String property, @Nullable String value, String variable) {
		if (value != null && value.contains("${")) {
			throw new ClerkConfigurationException(property,
					property + " is '" + value + "', a placeholder that nothing resolved",
					"Set the environment variable or property that it names (clerk-users also reads " + variable
							+ " by itself), or remove " + property + ".");
		}
		if (value != null) {
			checkUnquoted(property, value, variable);
		}
		return value;
	}

	/**
	 * Refuses a key or secret wrapped in matching quotes, which a Docker env-file and
	 * some {@code .env} loaders keep as part of the value: refused for its quotes, it is
	 * not refused for lacking its prefix.
	 */
	private static void checkUnquoted(String property, String value, String variable) {
		if (value.length() > 1 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
				&& value.charAt(value.length() - 1) == value.charAt(0)) {
			throw new ClerkConfigurationException(property, property + " is in quotes, which are not part of a key",
					"Remove the quotes around the value of " + property + " (or " + variable
							+ "): a Docker env-file, and some .env loaders, keep them as part of the value.");
		}
	}

	/**
	 * The webhook signing secrets, checked.
	 * @param properties the properties
	 * @return the secrets, possibly empty
	 * @throws ClerkConfigurationException when one is a placeholder or lacks the
	 * {@code whsec_} prefix
	 */
	static List<String> webhookSecrets(ClerkProperties properties) {
		List<String> secrets = properties.getWebhook()
			.getSigningSecrets()
			.stream()
			.map(ClerkSettings::trimToNull)
			.filter(Objects::nonNull)
			.toList();
		for (String secret : secrets) {
			if (secret.contains("${")) {
				// Boot's binder keeps a placeholder that nothing resolved as the value.
				throw new ClerkConfigurationException("clerk.webhook.signing-secrets",
						"clerk.webhook.signing-secrets is '" + secret + "', a placeholder that nothing resolved",
						"Set the environment variable or property that it names (clerk-users also reads "
								+ "CLERK_WEBHOOK_SIGNING_SECRET by itself), or leave clerk.webhook.signing-secrets out "
								+ "until you have the secret: without one there is no webhook endpoint.");
			}
			checkUnquoted("clerk.webhook.signing-secrets", secret, "CLERK_WEBHOOK_SIGNING_SECRET");
			String lower = secret.toLowerCase(Locale.ROOT);
			if (lower.equals("whsec_test_mock_signing_key") || lower.contains("replace_me")
					|| lower.startsWith("whsec_xxx") || lower.equals("whsec_")) {
				throw new ClerkConfigurationException("clerk.webhook.signing-secrets",
						"clerk.webhook.signing-secrets holds a placeholder ('" + secret + "'), not a signing secret",
						"Set clerk.webhook.signing-secrets (or CLERK_WEBHOOK_SIGNING_SECRET) to the signing secret of "
								+ "your webhook endpoint, from the Clerk dashboard under Webhooks.");
			}
			if (!secret.startsWith("whsec_")) {
				throw new ClerkConfigurationException("clerk.webhook.signing-secrets",
						"A webhook signing secret (clerk.webhook.signing-secrets) does not start with whsec_",
						"Copy the signing secret of your webhook endpoint from the Clerk dashboard, whsec_ prefix "
								+ "included, into clerk.webhook.signing-secrets or CLERK_WEBHOOK_SIGNING_SECRET.");
			}
			byte[] key;
			try {
				key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
			}
			catch (IllegalArgumentException ex) {
				throw new ClerkConfigurationException("clerk.webhook.signing-secrets",
						"A webhook signing secret is not whsec_ followed by base64",
						"Copy the signing secret of your webhook endpoint from the Clerk dashboard again, into"
								+ " clerk.webhook.signing-secrets or CLERK_WEBHOOK_SIGNING_SECRET.");
			}
			if (key.length < SVIX_SECRET_BYTES) {
				logger.warn("clerk.webhook.signing-secrets holds a secret of " + key.length
						+ " bytes, where Svix issues " + SVIX_SECRET_BYTES
						+ ": a short key can be guessed, and with it any delivery forged. Use the signing secret of "
						+ "your webhook endpoint from the Clerk dashboard.");
			}
		}
		return secrets;
	}

	static @Nullable String trimToNull(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		return trimmed.isEmpty() ? null : trimmed;
	}

}
