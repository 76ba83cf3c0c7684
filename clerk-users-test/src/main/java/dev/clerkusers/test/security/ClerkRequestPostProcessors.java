package dev.clerkusers.test.security;

import java.util.Objects;
import java.util.function.Consumer;

import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.token.SessionTokenBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * MockMvc request post-processors that send a real, signed Clerk session token, so that
 * the application's real filter, verifier and user loading run (unlike a mocked
 * authentication).
 *
 * <pre class="code">
 * mockMvc.perform(get("/api/me").with(clerkUser("user_123")))
 *     .andExpect(status().isOk());
 *
 * mockMvc.perform(get("/api/teams").with(clerkUser("user_123")
 *         .token((token) -&gt; token.organization("org_1", "acme", "org:admin"))));
 * </pre>
 *
 * The token is signed by the {@link ClerkTestTokens} bean of the application (registered
 * by {@code @AutoConfigureFakeClerk}), or by the tokens given with
 * {@link ClerkTokenRequestPostProcessor#tokens}.
 */
public final class ClerkRequestPostProcessors {

	private ClerkRequestPostProcessors() {
	}

	/**
	 * Sends a session token of a user.
	 * @param userId the Clerk user id
	 * @return the post-processor, to refine
	 */
	public static ClerkTokenRequestPostProcessor clerkUser(String userId) {
		return new ClerkTokenRequestPostProcessor(userId);
	}

	/**
	 * Sends a given token as {@code Authorization: Bearer}.
	 * @param token the token
	 * @return the post-processor
	 */
	public static RequestPostProcessor bearerToken(String token) {
		Objects.requireNonNull(token, "token must not be null");
		return (request) -> {
			// Replaces a token applied before (one Authorization header per request)
			request.removeHeader(HttpHeaders.AUTHORIZATION);
			request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
			return request;
		};
	}

	/**
	 * Sends a session token of a user, built with a {@link SessionTokenBuilder}.
	 */
	public static final class ClerkTokenRequestPostProcessor implements RequestPostProcessor {

		private final SessionTokenRequest token;

		private ClerkTokenRequestPostProcessor(String userId) {
			this.token = new SessionTokenRequest(userId);
		}

		/**
		 * Customizes the token: organization, expiry, claims…
		 * @param customizer changes the token builder
		 * @return this post-processor
		 */
		public ClerkTokenRequestPostProcessor token(Consumer<SessionTokenBuilder> customizer) {
			this.token.customize(customizer);
			return this;
		}

		/**
		 * Signs with these tokens instead of the application's {@link ClerkTestTokens}
		 * bean.
		 * @param tokens the signing key
		 * @return this post-processor
		 */
		public ClerkTokenRequestPostProcessor tokens(ClerkTestTokens tokens) {
			this.token.tokens(tokens);
			return this;
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			// Replaces a token applied before (one Authorization header per request)
			request.removeHeader(HttpHeaders.AUTHORIZATION);
			request.addHeader(HttpHeaders.AUTHORIZATION,
					this.token.authorization(this.token.hasTokens() ? null : tokensOf(request)));
			return request;
		}

		private static @Nullable ClerkTestTokens tokensOf(MockHttpServletRequest request) {
			WebApplicationContext context = WebApplicationContextUtils
				.findWebApplicationContext(request.getServletContext());
			return (context != null) ? context.getBeanProvider(ClerkTestTokens.class).getIfUnique() : null;
		}

	}

}
