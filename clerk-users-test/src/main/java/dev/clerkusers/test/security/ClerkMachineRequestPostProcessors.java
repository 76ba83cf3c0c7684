package dev.clerkusers.test.security;

import java.util.function.Function;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.token.ClerkTestTokens;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * MockMvc request post-processors for machine requests: each sends a real Clerk machine
 * token, so that the application's filter, verifier (and, for opaque tokens, its calls to
 * the fake Backend API) run as in production.
 *
 * <pre class="code">
 * mockMvc.perform(get("/api/reports").with(clerkApiKey("user_123", "reports:read")))
 *     .andExpect(status().isOk());
 * mockMvc.perform(get("/internal/sync").with(clerkM2mToken("mch_sender", "mch_receiver")));
 * mockMvc.perform(get("/api/calendar").with(clerkOAuthToken("user_123", "calendar:read")));
 * </pre>
 *
 * API keys are issued by the {@link FakeClerkBackend} bean of the application (registered
 * by {@code @AutoConfigureFakeClerk}); M2M and OAuth tokens are JWTs signed by its
 * {@link ClerkTestTokens} bean.
 */
public final class ClerkMachineRequestPostProcessors {

	private ClerkMachineRequestPostProcessors() {
	}

	/**
	 * Sends a new API key of a user, organization or machine, issued by the fake Backend
	 * API.
	 * @param subject the key's subject ({@code user_…}, {@code org_…}, {@code mch_…})
	 * @param scopes its scopes
	 * @return the post-processor
	 */
	public static RequestPostProcessor clerkApiKey(String subject, String... scopes) {
		return bearer((request) -> bean(request, FakeClerkBackend.class).createApiKey(subject, scopes).secret());
	}

	/**
	 * Sends a JWT-format M2M token of a machine.
	 * @param machineId the sending machine ({@code mch_…})
	 * @param receivers the machines it may call (its scopes)
	 * @return the post-processor
	 */
	public static RequestPostProcessor clerkM2mToken(String machineId, String... receivers) {
		return bearer((request) -> bean(request, ClerkTestTokens.class).m2mToken(machineId).scopes(receivers).sign());
	}

	/**
	 * Sends a JWT-format OAuth access token of a user.
	 * @param userId the user who granted access
	 * @param scopes the scopes granted
	 * @return the post-processor
	 */
	public static RequestPostProcessor clerkOAuthToken(String userId, String... scopes) {
		return bearer((request) -> bean(request, ClerkTestTokens.class).oauthToken(userId).scopes(scopes).sign());
	}

	private static RequestPostProcessor bearer(Function<MockHttpServletRequest, String> token) {
		return (request) -> {
			// Replaces a token applied before (one Authorization header per request)
			request.removeHeader(HttpHeaders.AUTHORIZATION);
			request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token.apply(request));
			return request;
		};
	}

	private static <T> T bean(MockHttpServletRequest request, Class<T> type) {
		WebApplicationContext context = WebApplicationContextUtils
			.findWebApplicationContext(request.getServletContext());
		if (context == null) {
			throw new IllegalStateException("No application context: is the test annotated @AutoConfigureFakeClerk?");
		}
		return context.getBean(type);
	}

}
