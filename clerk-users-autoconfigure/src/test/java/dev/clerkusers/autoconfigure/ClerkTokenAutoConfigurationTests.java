package dev.clerkusers.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkJwtDecoder;
import dev.clerkusers.token.ClerkKeySource;
import dev.clerkusers.token.ClerkMachineTokenVerifier;
import dev.clerkusers.token.ClerkTokenException;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.token.ClerkPublishableKey;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.token.JwksKeySource;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.PemKeySource;
import dev.clerkusers.token.TokenRejectionReason;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkTokenAutoConfiguration}: the key source chosen by conditions, the verifier,
 * the {@code JwtDecoder} view, and the startup failures that name a property.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClerkTokenAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkTokenAutoConfiguration.class));

	@Test
	void aPemKeyVerifiesWithoutNetworkCalls() {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem()).run((context) -> {
			assertThat(context).hasSingleBean(PemKeySource.class).doesNotHaveBean(JwksKeySource.class);
			assertThat(context.getBean(ClerkTokenVerifier.class).verify(TestKeys.token("user_1", Map.of())).userId())
				.isEqualTo("user_1");
		});
	}

	@Test
	void aSecretKeyTakesTheKeysFromTheBackendApi() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc")
			.run((context) -> assertThat(context).hasBean("clerkBackendApiKeySource")
				.doesNotHaveBean("clerkFrontendApiKeySource")
				.doesNotHaveBean(PemKeySource.class));
	}

	/**
	 * The key set is fetched with a customizer's request factory (one that goes through a
	 * proxy, say).
	 */
	@Test
	void theKeySetIsFetchedWithTheRequestFactoryOfACustomizer() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/v1/jwks", (exchange) -> {
			byte[] body = new JWKSet(TestKeys.KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		try {
			RecordingRequestFactory requestFactory = new RecordingRequestFactory();
			this.contextRunner
				.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.issuer=" + TestKeys.ISSUER,
						"clerk.api.url=http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
				.withBean(ClerkRestClientCustomizer.class, () -> (builder) -> builder.requestFactory(requestFactory))
				.run((context) -> {
					assertThat(context.getBean(ClerkTokenVerifier.class)
						.verify(TestKeys.token("user_1", Map.of()))
						.userId()).isEqualTo("user_1");
					assertThat(requestFactory.sent()).extracting(URI::getPath).containsExactly("/v1/jwks");
				});
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void aPublishableKeyAloneTakesTheKeysFromTheFrontendApi() {
		this.contextRunner.withPropertyValues("clerk.publishable-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
			.run((context) -> assertThat(context).hasBean("clerkFrontendApiKeySource")
				.doesNotHaveBean("clerkBackendApiKeySource"));
	}

	@Test
	void thePemKeyWinsOverTheSecretKeyAndTheSecretKeyOverThePublishableKey() {
		this.contextRunner
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.secret-key=sk_test_abc",
					"clerk.publishable-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
			.run((context) -> assertThat(context).getBeans(ClerkKeySource.class).containsOnlyKeys("clerkPemKeySource"));
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_abc",
					"clerk.publishable-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
			.run((context) -> assertThat(context).getBeans(ClerkKeySource.class)
				.containsOnlyKeys("clerkBackendApiKeySource"));
	}

	@Test
	void aKeySourceOfTheApplicationReplacesTheLibrarysOwn() {
		ClerkKeySource own = (header) -> {
			throw new IllegalStateException("not used");
		};
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.withBean("ownKeySource", ClerkKeySource.class, () -> own)
			.run((context) -> assertThat(context).getBeans(ClerkKeySource.class).containsOnlyKeys("ownKeySource"));
	}

	@Test
	void aVerifierOfTheApplicationReplacesTheLibrarysOwn() {
		ClerkTokenVerifier own = (token) -> {
			throw new IllegalStateException("not used");
		};
		this.contextRunner.withBean(ClerkTokenVerifier.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClerkTokenVerifier.class).isSameAs(own));
	}

	@Test
	void withoutAnyKeySourceStartupFailsNamingTheProperties() {
		this.contextRunner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOfSatisfying(ClerkConfigurationException.class,
					(ex) -> assertThat(ex.getProperty()).isEqualTo("clerk.secret-key"))
			.isInstanceOfSatisfying(ClerkConfigurationException.class,
					(ex) -> assertThat(ex.getAction()).as("each of the four ways")
						.contains("clerk.secret-key", "clerk.publishable-key", "clerk.jwt-key", "clerk.issuer"))
			.hasMessageContaining("no way to verify"));
	}

	@Test
	void aPlaceholderSecretKeyIsRefused() {
		assertFailsOn("clerk.secret-key", "clerk.secret-key=sk_test_mock_secret_key");
		assertFailsOn("clerk.secret-key", "clerk.secret-key=sk_live_replace_me");
		// Black-box run 273: a template's placeholder
		assertFailsOn("clerk.secret-key", "clerk.secret-key=sk_test_{{CLERK_SECRET_KEY}}");
	}

	/**
	 * The quick start's {@code clerk.secret-key=${CLERK_SECRET_KEY}}, started before the
	 * variable is exported: the application stops with the failure analysis naming the
	 * property, not with a condition's stack trace.
	 */
	@Test
	void aKeyPlaceholderThatNothingResolvedStopsTheApplicationNamingIt() {
		String unset = "${CLERK_USERS_TEST_UNSET_KEY}";
		assertFailsOn("clerk.secret-key", "clerk.secret-key=" + unset);
		assertFailsOn("clerk.publishable-key", "clerk.secret-key=sk_test_123", "clerk.publishable-key=" + unset);
		assertFailsOn("clerk.jwt-key", "clerk.jwt-key=" + unset);
		this.contextRunner.withPropertyValues("clerk.secret-key=" + unset)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(unset)
				.hasMessageContaining("nothing resolved"));
	}

	/**
	 * A key in quotes, as a Docker env-file keeps them, is told to be in quotes, not to
	 * lack its prefix (black-box run 223).
	 */
	@Test
	void aKeyInQuotesIsRefusedSayingSo() {
		assertFailsOn("clerk.secret-key", "clerk.secret-key=\"sk_test_123\"");
		assertFailsOn("clerk.publishable-key", "clerk.secret-key=sk_test_123", "clerk.publishable-key='pk_test_abc'");
		assertFailsOn("clerk.machine-secret-key", "clerk.secret-key=sk_test_123", "clerk.machine-secret-key=\"ak_1\"");
		this.contextRunner.withPropertyValues("clerk.secret-key=\"sk_test_123\"")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("in quotes")
				.isInstanceOfSatisfying(ClerkConfigurationException.class,
						(ex) -> assertThat(ex.getAction()).contains("Docker env-file")));
	}

	/**
	 * Black-box run 228's note: a key given twice on the command line
	 * ({@code --clerk.secret-key=sk_… --clerk.secret-key=}) is bound as both values
	 * joined with a comma, and the application started, to fail at Clerk's first 401.
	 */
	@Test
	void aKeyWithACommaIsRefusedAsGivenTwice() {
		assertFailsOn("clerk.secret-key", "clerk.secret-key=sk_test_123,");
		assertFailsOn("clerk.machine-secret-key", "clerk.secret-key=sk_test_123", "clerk.machine-secret-key=ak_1,ak_2");
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_123,")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("comma")
				.isInstanceOfSatisfying(ClerkConfigurationException.class,
						(ex) -> assertThat(ex.getAction()).contains("given twice")));
	}

	@Test
	void aMachineSecretKeyThatIsAPlaceholderOrOfAnotherFormIsRefused() {
		assertFailsOn("clerk.machine-secret-key", "clerk.secret-key=sk_test_123", "clerk.machine-secret-key=abc123");
		assertFailsOn("clerk.machine-secret-key", "clerk.secret-key=sk_test_123",
				"clerk.machine-secret-key=sk_live_123");
		assertFailsOn("clerk.machine-secret-key", "clerk.secret-key=sk_test_123",
				"clerk.machine-secret-key=${CLERK_USERS_TEST_UNSET_KEY}");
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.machine-secret-key=ak_123")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Black-box run 158: a machine secret key that was a template's placeholder, its
	 * prefix alone or held a space started, and every M2M token was then refused by Clerk
	 * at the first request; the secret key took such placeholders, its prefix alone and
	 * spaces too.
	 */
	@Test
	void aKeyThatIsATemplatesPlaceholderItsPrefixAloneOrHoldsASpaceIsRefused() {
		for (String key : new String[] { "ak_", "ak_abc def", "ak_your_machine_secret_key", "ak_replace_me",
				"ak_changeme" }) {
			assertFailsOn("clerk.machine-secret-key", "clerk.secret-key=sk_test_123",
					"clerk.machine-secret-key=" + key);
		}
		for (String key : new String[] { "sk_test_", "sk_live_", "sk_", "sk_test_abc def", "sk_test_abc\tdef",
				"sk_test_your_secret_key" }) {
			assertFailsOn("clerk.secret-key", "clerk.secret-key=" + key);
		}
	}

	/**
	 * Black-box run 268: a secret key of neither of Clerk's two kinds ({@code sk_prod_…},
	 * or {@code sk_} followed by the key alone) started, and every call to Clerk would
	 * then have been refused; a publishable key of neither kind is refused likewise.
	 */
	@Test
	void aSecretKeyOfNeitherTestNorLiveIsRefused() {
		for (String key : new String[] { "sk_prod_Q7zR4kP9mW2vX8nB5cT1yL6hJ3dF0gSa",
				"sk_Q7zR4kP9mW2vX8nB5cT1yL6hJ3dF0gSa" }) {
			this.contextRunner.withPropertyValues("clerk.secret-key=" + key)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOfSatisfying(ClerkConfigurationException.class, (ex) -> {
						assertThat(ex.getProperty()).isEqualTo("clerk.secret-key");
						assertThat(ex.getMessage()).contains("sk_test_ or sk_live_");
					}));
		}
	}

	/**
	 * Black-box run 192: the placeholders of examples written as runs of x, an ellipsis,
	 * a name in angle brackets or the word placeholder started, and Clerk refused every
	 * call made with them.
	 */
	@Test
	void aKeyWrittenAsAnExamplesPlaceholderIsRefused() {
		for (String key : new String[] { "sk_test_xxxxxxxxxxxxxxxxxxxx", "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
				"sk_test_<your-secret-key>", "sk_test_...", "sk_test_\u2026", "sk_test_xxx_placeholder" }) {
			assertFailsOn("clerk.secret-key", "clerk.secret-key=" + key);
		}
		for (String key : new String[] { "ak_xxxxxxxxxxxx", "ak_<machine-secret-key>", "ak_..." }) {
			assertFailsOn("clerk.machine-secret-key", "clerk.secret-key=sk_test_123",
					"clerk.machine-secret-key=" + key);
		}
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_x1xx", "clerk.machine-secret-key=ak_fake_x")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Black-box run 192: {@code clerk.audiences=,} bound two blank audiences, which no
	 * token's {@code aud} holds, so every token was refused; a blank entry is none, as in
	 * {@code clerk.authorized-parties}.
	 */
	@Test
	void blankAudiencesAreNone() {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.audiences=, ")
			.run((context) -> assertThat(
					context.getBean(ClerkTokenVerifier.class).verify(TestKeys.token("user_1", Map.of())).userId())
				.isEqualTo("user_1"));
	}

	/**
	 * Black-box run 61 (F2): an {@code http://} issuer on another host was accepted, and
	 * without a secret key the signing keys were fetched from it in clear text, where
	 * anyone on the way could put their own. Plain HTTP is for a stand-in on this machine
	 * (the test kit's fake Clerk) only.
	 */
	/**
	 * A URL's scheme and host have no case (RFC 3986), and Clerk writes its issuers in
	 * lower case: an issuer written with capitals names the same instance, whose tokens
	 * it accepts (black-box run 223: they were refused {@code token-invalid-issuer}).
	 */
	@Test
	void anIssuerWrittenWithCapitalsNamesTheSameInstance() {
		this.contextRunner
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.issuer=HTTPS://CLERK.Example.test/")
			.run((context) -> assertThat(
					context.getBean(ClerkTokenVerifier.class).verify(TestKeys.token("user_1", Map.of())).userId())
				.isEqualTo("user_1"));
	}

	@Test
	void anIssuerInClearTextIsRefusedUnlessItIsOnThisMachine() {
		assertFailsOn("clerk.issuer", "clerk.issuer=http://clerk.example.com");
		assertFailsOn("clerk.issuer", "clerk.secret-key=sk_test_123", "clerk.issuer=http://10.0.0.7:8080");
		assertFailsOn("clerk.issuer", "clerk.issuer=http://clerk example.com");
		// Black-box run 268: a URL of another scheme was said to be no URL.
		this.contextRunner.withPropertyValues("clerk.issuer=ftp://clerk.example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("clerk.issuer is not an https URL")
				.hasMessageNotContaining("not a URL"));
		for (String local : new String[] { "http://127.0.0.1:43123", "http://localhost:43123", "http://[::1]:43123" }) {
			this.contextRunner.withPropertyValues("clerk.issuer=" + local)
				.run((context) -> assertThat(context).as(local).hasNotFailed());
		}
	}

	/**
	 * Review 271, F1: an https issuer was checked for its scheme only, so one that no
	 * token's {@code iss} can name (a user, a query, a fragment, the scheme's default
	 * port, a port not in plain digits or out of range, no host) started, and every token
	 * was then refused {@code token-invalid-issuer}. Each is refused at start-up, naming
	 * the property. A path stays allowed: behind Clerk's proxy the issuer is the proxy's
	 * URL.
	 */
	@Test
	void anIssuerThatNoTokenCanNameIsRefused() {
		for (String issuer : new String[] { "https://user@clerk.example.com", "https://clerk.example.com?x=1",
				"https://clerk.example.com#top", "https://clerk.example.com:443", "http://localhost:80",
				"https://clerk.example.com:", "https://clerk.example.com:0443", "https://clerk.example.com:08443",
				"https://clerk.example.com:99999", "https:///", "https://:8443", "https://[]:8443",
				// Black-box run 278, F1: what no host holds, java.net.URI's registry
				// names
				"https://clerk.example.com$", "https://clerk.exa(mple).com", "https://clerk!example.com" }) {
			assertFailsOn("clerk.issuer", "clerk.secret-key=sk_test_123", "clerk.issuer=" + issuer);
		}
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.issuer=https://clerk example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("clerk.issuer is not a URL")
				.hasMessageNotContaining("plain http"));
		// Review 283, F7: the refusal says what a host holds
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.issuer=https://clerk.example.com$")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("a host holds letters, digits, hyphens, dots and underscores only"));
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.issuer=https://app.example.com/__clerk")
			.run((context) -> assertThat(context).hasNotFailed());
		// Review 275, F2: a stand-in's name that java.net.URI takes for no Internet host
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.issuer=https://fake_clerk:8443")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Black-box run 273: a publishable key encoding its host in capitals gave an issuer
	 * in capitals, and Clerk's tokens, whose {@code iss} is in lower case, were refused;
	 * {@code clerk.issuer} was read without case already.
	 */
	@Test
	void theIssuerOfAPublishableKeyIsReadWithoutCase() {
		String key = ClerkPublishableKey.of("Clerk.Example.COM", true).value();
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.publishable-key=" + key)
			.run((context) -> assertThat(context.getBean(ClerkTokenVerifier.class)
				.verify(TestKeys.token("user_1", Map.of("iss", "https://clerk.example.com")))
				.userId()).isEqualTo("user_1"));
	}

	/**
	 * Black-box run 273: an issuer with a path beside the publishable key is Clerk's
	 * proxy, whose tokens name the proxy's URL; start-up warned that the instance's
	 * tokens would be refused, which is not so.
	 */
	@Test
	void aProxyIssuerBesideThePublishableKeyIsNoMismatch(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(),
					"clerk.publishable-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k",
					"clerk.issuer=https://app.example.com/__clerk")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("is not the Frontend API URL");
	}

	/**
	 * Black-box run 273: an issuer refused for its user kept the user's password in the
	 * failure analysis; a comma-joined issuer, the discovery document's URL and Clerk's
	 * Backend API were told something beside the point, or started.
	 */
	@Test
	void anIssuerIsRefusedWithAMessageThatFitsItAndShowsNoPassword() {
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.issuer=https://user:s3cret@clerk.example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("holds a user")
				.hasMessageNotContaining("s3cret"));
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_123",
					"clerk.issuer=https://clerk.example.com,https://clerk.example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("holds a comma"));
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_123",
					"clerk.issuer=https://clerk.example.com/.well-known/openid-configuration")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("a .well-known URL"));
		// Black-box run 277, F1: the .well-known directory itself
		for (String directory : new String[] { "https://clerk.example.com/.well-known",
				"https://clerk.example.com/.well-known/" }) {
			this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.issuer=" + directory)
				.run((context) -> assertThat(context).as(directory)
					.hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("a .well-known URL"));
		}
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_123", "clerk.issuer=https://api.clerk.com/v1/jwks")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Backend API"));
	}

	/**
	 * Review 271, F1: the key set's URL, shown beside the Frontend API URL in Clerk's
	 * dashboard, pasted as the issuer, is refused with the issuer it should have been.
	 */
	@Test
	void theKeySetsUrlAsTheIssuerIsRefusedNamingTheIssuer() {
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_123",
					"clerk.issuer=https://clerk.example.com/.well-known/jwks.json")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(ClerkConfigurationException.class)
				.hasMessageContaining("clerk.issuer is a .well-known URL")
				.satisfies((ex) -> assertThat(((ClerkConfigurationException) ex).getAction())
					.contains("https://clerk.example.com")));
	}

	/**
	 * Black-box run 152, F1: {@code clerk.issuer} beside the publishable key of another
	 * instance was taken without a word, the issuer winning, and every token of the key's
	 * instance was then refused. The issuer still wins (it may name a stand-in of the
	 * instance), and start-up warns, naming both; one trailing slash, or the case of the
	 * host, is no difference.
	 */
	@Test
	void anIssuerOtherThanThePublishableKeysIsAWarningNamingBoth(CapturedOutput output) {
		String key = "clerk.publishable-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";
		this.contextRunner
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), key, "clerk.issuer=https://clerk.other.com")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("clerk.issuer (https://clerk.other.com) is not the Frontend API URL of "
				+ "clerk.publishable-key (https://clerk.example.com)");
		int before = output.getAll().length();
		for (String same : new String[] { "https://clerk.example.com/", "https://Clerk.Example.com" }) {
			this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), key, "clerk.issuer=" + same)
				.run((context) -> assertThat(context).as(same).hasNotFailed());
		}
		assertThat(output.getAll().substring(before)).doesNotContain("is not the Frontend API URL");
	}

	/**
	 * Black-box run 268, F3: a production secret key beside a development publishable key
	 * (or the other way round) started without a word, although the two name different
	 * Clerk instances: the keys fetched with the secret key cannot verify the tokens of
	 * the publishable key's instance. Start-up warns, naming both properties; keys of one
	 * kind say nothing.
	 */
	@Test
	void keysOfAProductionAndADevelopmentInstanceAreAWarningNamingBoth(CapturedOutput output) {
		String testKey = "clerk.publishable-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";
		String liveKey = "clerk.publishable-key=pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_live_abc", testKey)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("clerk.secret-key is the key of a production instance (sk_live_) and "
				+ "clerk.publishable-key of a development instance (pk_test_)");
		int before = output.getAll().length();
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc", liveKey)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll().substring(before))
			.contains("clerk.secret-key is the key of a development instance (sk_test_) and "
					+ "clerk.publishable-key of a production instance (pk_live_)");
		int after = output.getAll().length();
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc", testKey)
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_live_abc", liveKey)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll().substring(after)).doesNotContain("instance (");
	}

	@Test
	void aMalformedPublishableKeyIsRefusedAlsoBesideAnIssuer() {
		assertFailsOn("clerk.publishable-key", "clerk.secret-key=sk_test_123", "clerk.issuer=https://clerk.example.com",
				"clerk.publishable-key=pk_test_garbage!!");
	}

	@Test
	void somethingThatIsNotASecretKeyIsRefused() {
		assertFailsOn("clerk.secret-key", "clerk.secret-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k");
	}

	@Test
	void aMalformedPublishableKeyIsRefused() {
		assertFailsOn("clerk.publishable-key", "clerk.publishable-key=pk_test_not-base64");
	}

	@Test
	void aMalformedPemKeyIsRefused() {
		assertFailsOn("clerk.jwt-key", "clerk.jwt-key=not-a-key");
	}

	@Test
	void theSessionCookieNeedsAuthorizedParties() {
		assertFailsOn("clerk.authorized-parties", "clerk.jwt-key=" + TestKeys.pem(),
				"clerk.session-cookie.enabled=true");
	}

	@Test
	void sessionTokensOnlyAreAcceptedUnlessThePropertySaysOtherwise() {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem()).run((context) -> {
			assertThat(context.getBean(AcceptedTokenTypes.class)).isEqualTo(AcceptedTokenTypes.sessionTokensOnly());
			assertThat(context).hasSingleBean(ClerkMachineTokenVerifier.class);
		});
		this.contextRunner
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.accepts-tokens=session_token,api_key")
			.run((context) -> assertThat(context.getBean(AcceptedTokenTypes.class))
				.isEqualTo(AcceptedTokenTypes.of(ClerkTokenType.SESSION_TOKEN, ClerkTokenType.API_KEY)));
	}

	/**
	 * JWT-format machine tokens are verified without Clerk, so machine tokens accepted
	 * without a secret key start, with a warning; an opaque one is then not judged, and
	 * never accepted (the filter answers it 503).
	 */
	@Test
	void machineTokensAcceptedWithoutASecretKeyStartWithAWarningAndOpaqueOnesAreNotJudged(CapturedOutput output) {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.accepts-tokens=api_key")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatExceptionOfType(ClerkTokenException.class)
					.isThrownBy(() -> context.getBean(ClerkMachineTokenVerifier.class).verify("ak_" + "x".repeat(32)))
					.satisfies((ex) -> assertThat(ex.getReason())
						.isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE));
				// Black-box run 116: a token that names none was answered 503 too, for a
				// client to retry what can never work.
				for (String none : new String[] { "ak_", "mt_", "oat_", "ak_a b" }) {
					assertThatExceptionOfType(ClerkTokenException.class).as(none)
						.isThrownBy(() -> context.getBean(ClerkMachineTokenVerifier.class).verify(none))
						.satisfies((ex) -> assertThat(ex.getReason())
							.isEqualTo(TokenRejectionReason.MACHINE_TOKEN_INVALID));
				}
			});
		assertThat(output).contains("clerk.accepts-tokens accepts")
			.contains("clerk.secret-key is not set")
			.contains("answered 503");
	}

	@Test
	void anUnknownTokenTypeIsRefused() {
		assertFailsOn("clerk.accepts-tokens", "clerk.jwt-key=" + TestKeys.pem(), "clerk.accepts-tokens=machine_token");
	}

	@Test
	void anEmptyListOfTokenTypesIsRefused() {
		assertFailsOn("clerk.accepts-tokens", "clerk.jwt-key=" + TestKeys.pem(), "clerk.accepts-tokens=");
	}

	@Test
	void anEmptyAuthorizedPartiesListIsAWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("clerk.authorized-parties is empty");
	}

	@Test
	void verifiedTokensAreCachedUnlessTheCacheIsOff() {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.run((context) -> assertThat(context).getBean(ClerkTokenVerifier.class)
				.isInstanceOf(CachingClerkTokenVerifier.class));
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.token-cache.max-size=0")
			.run((context) -> assertThat(context).getBean(ClerkTokenVerifier.class)
				.isInstanceOf(NimbusClerkTokenVerifier.class));
	}

	@Test
	void theJwtDecoderViewGivesSpringSecurityJwtsOfVerifiedTokens() {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem()).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder).isInstanceOf(ClerkJwtDecoder.class);
			Jwt jwt = decoder.decode(TestKeys.token("user_1", Map.of("tier", "gold")));
			assertThat(jwt.getSubject()).isEqualTo("user_1");
			assertThat(jwt.getClaimAsString("tier")).isEqualTo("gold");
			assertThat(jwt.getHeaders()).containsEntry("kid", "ins_test");
			// Spring Security's timestamp rules and an application's own read these three
			assertThat(jwt.getIssuedAt()).isNotNull();
			assertThat(jwt.getNotBefore()).isEqualTo(jwt.getIssuedAt().minusSeconds(5));
			assertThat(jwt.getExpiresAt()).isEqualTo(jwt.getIssuedAt().plusSeconds(60));
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(TestKeys.tamperedToken("user_1")))
				.withMessageStartingWith("token-invalid-signature");
		});
	}

	/**
	 * An application that configures Spring Boot's resource server for another identity
	 * provider gets Spring Boot's decoder of that provider's tokens, not Clerk's view.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "issuer-uri=https://idp.example.com", "jwk-set-uri=https://idp.example.com/jwks",
			"public-key-location=classpath:idp.pub" })
	void theJwtDecoderViewBacksOffForSpringBootsResourceServerProperties(String property) {
		this.contextRunner
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(),
					"spring.security.oauth2.resourceserver.jwt." + property)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ClerkTokenVerifier.class)
				.doesNotHaveBean(ClerkJwtDecoder.class));
	}

	/**
	 * Spring Boot's resource server pointed at Clerk's own issuer keeps Clerk's view,
	 * which applies all of Clerk's rules: Spring Boot's decoder would check the
	 * signature, issuer and times only.
	 */
	@Test
	void theJwtDecoderViewStaysForClerksOwnIssuer() {
		this.contextRunner
			.withPropertyValues("clerk.jwt-key=" + TestKeys.pem(), "clerk.issuer=https://clerk.example.com",
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=https://clerk.example.com/")
			.run((context) -> assertThat(context).hasSingleBean(ClerkJwtDecoder.class));
	}

	@Test
	void theJwtDecoderOfTheApplicationIsLeftAlone() {
		JwtDecoder own = (token) -> {
			throw new BadJwtException("own");
		};
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.withBean(JwtDecoder.class, () -> own)
			.run((context) -> assertThat(context).getBean(JwtDecoder.class).isSameAs(own));
	}

	@Test
	void tokenValidatorBeansAreRulesOfTheVerifier() {
		OAuth2TokenValidator<Jwt> goldOnly = (jwt) -> "gold".equals(jwt.getClaimAsString("tier"))
				? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "gold members only", null));
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.withBean("goldOnly", OAuth2TokenValidator.class, () -> goldOnly)
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				assertThat(decoder.decode(TestKeys.token("user_1", Map.of("tier", "gold"))).getSubject())
					.isEqualTo("user_1");
				assertThatExceptionOfType(BadJwtException.class)
					.isThrownBy(() -> decoder.decode(TestKeys.token("user_1", Map.of("tier", "basic"))))
					.withMessage("token-refused-by-application: gold members only");
			});
	}

	@Test
	void needsNimbus() {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.withClassLoader(new FilteredClassLoader(SignedJWT.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkTokenVerifier.class));
	}

	/**
	 * {@code spring.main.lazy-initialization=true} defers every bean to its first use:
	 * the library's checks still stop the application at start-up, instead of failing its
	 * first request.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			clerk.secret-key         |
			clerk.accepts-tokens     | clerk.secret-key=sk_test_123,clerk.accepts-tokens=bogus_token
			clerk.machine-secret-key | clerk.secret-key=sk_test_123,clerk.machine-secret-key=nope
			clerk.publishable-key    | clerk.publishable-key=pk_test_garbage
			clerk.jwt-key            | clerk.jwt-key=garbage
			clerk.authorized-parties | clerk.secret-key=sk_test_123,clerk.session-cookie.enabled=true
			""")
	void startupChecksStopALazilyInitializedApplication(String property, @Nullable String properties) {
		this.contextRunner
			.withInitializer(
					(context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.withPropertyValues((properties != null) ? properties.split(",") : new String[0])
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(ClerkConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo(property)));
	}

	private void assertFailsOn(String property, String... properties) {
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(ClerkConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo(property)));
	}

}
