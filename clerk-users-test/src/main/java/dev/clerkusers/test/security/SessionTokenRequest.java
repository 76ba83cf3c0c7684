package dev.clerkusers.test.security;

import java.util.Objects;
import java.util.function.Consumer;

import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.token.SessionTokenBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The session token that a request of the test support sends: whose it is, how it is
 * customized and, if given, which {@link ClerkTestTokens} sign it. Shared by the MockMvc
 * post-processor and the {@code WebTestClient} configurer, so that both build the same
 * token.
 */
final class SessionTokenRequest {

	static final String NO_TOKENS = "No ClerkTestTokens bean to sign the token with (registered by"
			+ " @AutoConfigureFakeClerk): pass the signing key with .tokens(…)";

	private final String userId;

	private Consumer<SessionTokenBuilder> customizer = (token) -> {
	};

	private @Nullable ClerkTestTokens tokens;

	SessionTokenRequest(String userId) {
		this.userId = Objects.requireNonNull(userId, "userId must not be null");
	}

	void customize(Consumer<SessionTokenBuilder> customizer) {
		this.customizer = this.customizer.andThen(customizer);
	}

	void tokens(ClerkTestTokens tokens) {
		this.tokens = tokens;
	}

	/**
	 * Whether the signing key was given, so that the application's need not be found.
	 * @return {@code true} after {@link #tokens(ClerkTestTokens)}
	 */
	boolean hasTokens() {
		return this.tokens != null;
	}

	/**
	 * Signs the token.
	 * @param found the application's {@link ClerkTestTokens}, used unless others were
	 * given
	 * @return the {@code Authorization} header value
	 * @throws IllegalStateException if there are no tokens to sign with
	 */
	String authorization(@Nullable ClerkTestTokens found) {
		ClerkTestTokens signer = (this.tokens != null) ? this.tokens : found;
		if (signer == null) {
			throw new IllegalStateException(NO_TOKENS);
		}
		SessionTokenBuilder builder = signer.session(this.userId);
		this.customizer.accept(builder);
		return "Bearer " + builder.sign();
	}

}
