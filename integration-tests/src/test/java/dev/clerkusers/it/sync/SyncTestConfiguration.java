package dev.clerkusers.it.sync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiTransport;
import dev.clerkusers.autoconfigure.ClerkProperties;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application's Backend API client, built as the library builds it, but recording its
 * waits between retries instead of sleeping them. The command tests import it too, to run
 * in the same application context as the sync tests.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SyncTestConfiguration {

	static final List<Duration> waits = new CopyOnWriteArrayList<>();

	@Bean
	ClerkApiClient recordingClerkApiClient(ClerkProperties properties) {
		return new ClerkApiClient(ClerkApiTransport.builder(properties.getApi().getUrl(), properties.getSecretKey())
			.apiVersion(properties.getApi().getVersion())
			.timeout(properties.getApi().getTimeout())
			.maxRetries(properties.getApi().getMaxRetries())
			.maxRetryWait(properties.getApi().getMaxRetryWait())
			.sleeper(waits::add)
			.build());
	}

}
