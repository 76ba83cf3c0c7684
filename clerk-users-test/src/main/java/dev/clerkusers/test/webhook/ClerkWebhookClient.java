package dev.clerkusers.test.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.clerkusers.test.backend.FakeClerkBackend;

/**
 * Posts signed Clerk events to an application over real HTTP, the way Svix delivers them.
 *
 * <pre class="code">
 * ClerkWebhookClient webhooks = ClerkWebhookClient.to("http://localhost:" + port + "/webhooks/clerk").from(clerk);
 * Delivery delivery = webhooks.deliver(ClerkEvents.userCreated(ClerkData.user("user_1").email("a@example.com")));
 * assertThat(delivery.status()).isEqualTo(200);
 * </pre>
 */
public final class ClerkWebhookClient {

	private final URI url;

	private final ClerkWebhookSigner signer;

	private final String instanceId;

	private final HttpClient client = HttpClient.newHttpClient();

	private ClerkWebhookClient(URI url, ClerkWebhookSigner signer, String instanceId) {
		this.url = url;
		this.signer = signer;
		this.instanceId = instanceId;
	}

	/**
	 * A client signing with {@link ClerkWebhookSigner#TEST_SECRET}.
	 * @param url the webhook endpoint's URL
	 * @return the client
	 */
	public static ClerkWebhookClient to(String url) {
		Objects.requireNonNull(url, "url must not be null");
		return to(url, ClerkWebhookSigner.test());
	}

	/**
	 * A client signing with another signer.
	 * @param url the webhook endpoint's URL
	 * @param signer the signer
	 * @return the client
	 */
	public static ClerkWebhookClient to(String url, ClerkWebhookSigner signer) {
		Objects.requireNonNull(url, "url must not be null");
		Objects.requireNonNull(signer, "signer must not be null");
		return new ClerkWebhookClient(URI.create(url), signer, ClerkEvent.DEFAULT_INSTANCE_ID);
	}

	/**
	 * A client delivering events of the fake's Clerk instance: their {@code instance_id}
	 * is the fake's instance id, the key id of its JWKS ({@code clerk.tokens().keyId()}),
	 * which the library records as its Clerk instance, as in Clerk, where both are the
	 * instance's id. An event that sets its own {@link ClerkEvent#instanceId(String)
	 * instance id} keeps it.
	 * @param clerk the fake Clerk
	 * @return a client to the same URL with the same signer
	 */
	public ClerkWebhookClient from(FakeClerkBackend clerk) {
		Objects.requireNonNull(clerk, "clerk must not be null");
		return new ClerkWebhookClient(this.url, this.signer, clerk.tokens().keyId());
	}

	/**
	 * Delivers an event, signed now, with the event's message id (so delivering it again
	 * is a redelivery).
	 * @param event the event
	 * @return the response
	 */
	public Delivery deliver(ClerkEvent event) {
		Objects.requireNonNull(event, "event must not be null");
		String body = event.toJson(this.instanceId);
		return post(body, this.signer.sign(event.messageId(), Instant.now(), body));
	}

	/**
	 * Posts a body with the given headers, for deliveries a test wants wrong on purpose.
	 * @param body the body
	 * @param headers the headers
	 * @return the response
	 */
	public Delivery post(String body, Map<String, String> headers) {
		Objects.requireNonNull(body, "body must not be null");
		Objects.requireNonNull(headers, "headers must not be null");
		HttpRequest.Builder request = HttpRequest.newBuilder(this.url)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.header("Content-Type", "application/json");
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Delivery(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not deliver to " + this.url, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while delivering to " + this.url, ex);
		}
	}

	/**
	 * The application's answer to a delivery.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 */
	public record Delivery(int status, String body) {
	}

}
