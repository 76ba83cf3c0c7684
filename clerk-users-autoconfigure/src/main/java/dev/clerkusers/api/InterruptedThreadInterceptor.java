package dev.clerkusers.api;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends no call from an interrupted thread: the call fails at once with an
 * {@link InterruptedIOException}, and the thread stays interrupted for its caller. An
 * application that stops interrupts its requests, and their answers would not be waited
 * for. Sent all the same, an answer that had arrived before the request factory waited
 * for it was read through the JDK 17 client's input stream, which swallows the interrupt
 * (JDK-8294047, fixed in JDK 20): the caller got an answer and no longer knew that its
 * thread had been interrupted.
 */
final class InterruptedThreadInterceptor implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedIOException("Not sending " + request.getMethod() + " " + request.getURI().getPath()
					+ ": the thread is interrupted");
		}
		return execution.execute(request, body);
	}

}
