package dev.clerkusers.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The load generator of the HTTP benchmarks: a number of concurrent senders share the
 * requests, each waiting for its answer before it sends the next.
 */
final class ConcurrentSenders {

	private ConcurrentSenders() {
	}

	/**
	 * Sends {@code count} requests from {@code senders} concurrent senders; every answer
	 * must be 200.
	 * @return requests per second
	 */
	static double requestsPerSecond(HttpClient client, int senders, int count, IntFunction<HttpRequest> requests)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try {
			long start = System.nanoTime();
			List<Future<?>> workers = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				int sender = s;
				workers.add(pool.submit(() -> {
					for (int i = sender; i < count; i += senders) {
						HttpResponse<String> response = client.send(requests.apply(i),
								HttpResponse.BodyHandlers.ofString());
						if (response.statusCode() != 200) {
							throw new IllegalStateException(response.statusCode() + " " + response.body());
						}
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
			return count / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
