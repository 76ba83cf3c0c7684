package dev.clerkusers.it.reactive;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installs BlockHound in the test JVM: a blocking call (socket or file I/O, sleeping,
 * parking) on a non-blocking thread (Reactor Netty's event loop, Reactor's parallel
 * scheduler) fails that call with an error, and each test then fails if any was seen, on
 * whatever thread it happened.
 */
final class NoEventLoopBlocking implements BeforeAllCallback, AfterEachCallback {

	static final List<BlockingMethod> SEEN = new CopyOnWriteArrayList<>();

	private static volatile boolean installed;

	@Override
	public void beforeAll(ExtensionContext context) {
		install();
	}

	static synchronized void install() {
		if (installed) {
			return;
		}
		BlockHound.builder()
			// Reactor's integration marks its non-blocking threads (event loops,
			// parallel).
			.loadIntegrations()
			// Logging to the console is the test harness's, not the application's.
			.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
			// A RestClient on Reactor Netty (the Backend API and key set clients in a
			// WebFlux application) hands each received chunk from the event loop to the
			// reading thread through a queue never full (demand is bounded by its size):
			// its lock is held for the hand-off only, never while waiting for I/O.
			.allowBlockingCallsInside("org.springframework.http.client.SubscriberInputStream", "onNext")
			// SecureRandom (Spring Security's CSRF tokens, session ids) refills its
			// buffer from /dev/urandom, which never waits.
			.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
			.blockingMethodCallback((method) -> {
				SEEN.add(method);
				throw new Error("Blocking call on a non-blocking thread: " + method);
			})
			.install();
		installed = true;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		List<BlockingMethod> seen = List.copyOf(SEEN);
		SEEN.clear();
		if (!context.getTags().contains("expects-blocking")) {
			assertThat(seen).as("blocking calls on non-blocking threads").isEmpty();
		}
	}

}
