package dev.clerkusers.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * A request factory of an application's own, as one that goes through a proxy would be:
 * it sends with the JDK client and records what it sent.
 */
class RecordingRequestFactory implements ClientHttpRequestFactory {

	private final ClientHttpRequestFactory delegate = new JdkClientHttpRequestFactory();

	private final List<URI> sent = new CopyOnWriteArrayList<>();

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		this.sent.add(uri);
		return this.delegate.createRequest(uri, httpMethod);
	}

	List<URI> sent() {
		return this.sent;
	}

}
