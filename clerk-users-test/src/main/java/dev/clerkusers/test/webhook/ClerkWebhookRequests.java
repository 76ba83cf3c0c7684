package dev.clerkusers.test.webhook;

import java.time.Instant;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Signed webhook deliveries for MockMvc.
 *
 * <pre class="code">
 * mockMvc.perform(ClerkWebhookRequests.delivery("/webhooks/clerk", ClerkEvents.userDeleted("user_1")))
 *     .andExpect(status().isOk());
 * </pre>
 */
public final class ClerkWebhookRequests {

	private ClerkWebhookRequests() {
	}

	/**
	 * A delivery signed with {@link ClerkWebhookSigner#TEST_SECRET}.
	 * @param path the endpoint path
	 * @param event the event
	 * @return the request
	 */
	public static MockHttpServletRequestBuilder delivery(String path, ClerkEvent event) {
		return delivery(path, event, ClerkWebhookSigner.test());
	}

	/**
	 * A delivery signed with a signer.
	 * @param path the endpoint path
	 * @param event the event
	 * @param signer the signer
	 * @return the request
	 */
	public static MockHttpServletRequestBuilder delivery(String path, ClerkEvent event, ClerkWebhookSigner signer) {
		String body = event.toJson();
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(path)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		signer.sign(event.messageId(), Instant.now(), body).forEach(request::header);
		return request;
	}

}
