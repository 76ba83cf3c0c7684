package dev.clerkusers.webhook.reactive;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.clerkusers.webhook.ClerkWebhookEndpoint;
import dev.clerkusers.webhook.ClerkWebhookReceiver;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The webhook endpoint of a WebFlux application ({@code POST clerk.webhook.path}), with
 * the answers of the servlet {@link ClerkWebhookEndpoint}: it reads the raw body bytes
 * (at most {@code clerk.webhook.max-body-size}, else 413), and the shared
 * {@link ClerkWebhookReceiver} verifies the Svix signature and processes the event with
 * its inbox row, on a bounded scheduler (by default {@link Schedulers#boundedElastic()}),
 * since the inbox is in the database. A delivery is processed to its end whether its
 * sender waits for the answer or hangs up.
 */
public class ReactiveClerkWebhookEndpoint {

	private final ClerkWebhookReceiver receiver;

	private Scheduler blockingScheduler = Schedulers.boundedElastic();

	/**
	 * Creates the endpoint.
	 * @param receiver verifies, processes and answers deliveries
	 */
	public ReactiveClerkWebhookEndpoint(ClerkWebhookReceiver receiver) {
		Assert.notNull(receiver, "receiver must not be null");
		this.receiver = receiver;
	}

	/**
	 * Sets the bounded scheduler where deliveries are processed (default:
	 * {@link Schedulers#boundedElastic()}).
	 * @param blockingScheduler the scheduler
	 */
	public void setBlockingScheduler(Scheduler blockingScheduler) {
		Assert.notNull(blockingScheduler, "blockingScheduler must not be null");
		this.blockingScheduler = blockingScheduler;
	}

	/**
	 * Answers a request to the webhook path.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> handle(ServerRequest request) {
		if (!HttpMethod.POST.equals(request.method())) {
			ClerkWebhookReceiver.Answer answer = ClerkWebhookReceiver.methodNotAllowed();
			return ServerResponse.status(answer.status())
				.header(HttpHeaders.ALLOW, "POST")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(answer.body());
		}
		long maxBodySize = this.receiver.getMaxBodySize();
		if (request.headers().contentLength().orElse(0) > maxBodySize) {
			return respond(this.receiver.payloadTooLarge());
		}
		Map<String, String> headers = new LinkedHashMap<>();
		request.headers().asHttpHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
		return DataBufferUtils
			.join(request.bodyToFlux(DataBuffer.class), (int) Math.min(Integer.MAX_VALUE, maxBodySize))
			.map(ReactiveClerkWebhookEndpoint::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> receive(headers, body))
			.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just(this.receiver.payloadTooLarge()))
			.flatMap(ReactiveClerkWebhookEndpoint::respond);
	}

	/**
	 * Processes a delivery on the bounded scheduler, to its end even when the sender
	 * hangs up: cancelling the answer does not cancel, nor interrupt, the processing, as
	 * a servlet container's disconnect does not; the event is then in the inbox, and
	 * Svix's next attempt is answered as a duplicate.
	 */
	private Mono<ClerkWebhookReceiver.Answer> receive(Map<String, String> headers, byte[] body) {
		return Mono.fromFuture(CompletableFuture.supplyAsync(() -> this.receiver.receive(headers, body),
				this.blockingScheduler::schedule), true);
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static Mono<ServerResponse> respond(ClerkWebhookReceiver.Answer answer) {
		return ServerResponse.status(answer.status()).contentType(MediaType.APPLICATION_JSON).bodyValue(answer.body());
	}

}
