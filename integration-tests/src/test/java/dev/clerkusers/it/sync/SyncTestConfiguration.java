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
 * waits between retries instead of sleeping them.
 */
@TestConfiguration(proxyBeanMethods = false)
class SyncTestConfiguration {

	static final List<Duration> waits = new CopyOnWriteArrayList<>();

	@Bean
	ClerkApiClient recordingClerkApiClient(ClerkProperties properties) {
		return new ClerkApiClient(ClerkApiTransport.builder(properties.getApiUrl(), properties.getSecretKey())
			.apiVersion(properties.getApiVersion())
			.timeout(properties.getApiTimeout())
			.maxRetries(properties.getApiMaxRetries())
			.maxRetryWait(properties.getApiMaxRetryWait())
			.sleeper(waits::add)
			.build());
	}

}
