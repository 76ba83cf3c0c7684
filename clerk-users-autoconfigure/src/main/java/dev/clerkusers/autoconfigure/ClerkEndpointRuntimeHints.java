package dev.clerkusers.autoconfigure;

import java.util.List;

import dev.clerkusers.actuate.ClerkOperationResult;
import dev.clerkusers.sync.PushSummary;
import dev.clerkusers.sync.SyncReport;
import dev.clerkusers.webhook.StoredWebhookEvent;
import dev.clerkusers.webhook.WebhookResult;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Hints for a native image: the types the library's Actuator endpoints write as JSON.
 * Their operations answer them inside a {@link ClerkOperationResult} or an
 * {@code Object}-typed response, which Spring Boot's own hints for endpoints cannot see
 * through.
 */
class ClerkEndpointRuntimeHints implements RuntimeHintsRegistrar {

	/** The types the endpoints write, with the types they hold. */
	static final List<Class<?>> ANSWERS = List.of(ClerkOperationResult.class, SyncReport.class, PushSummary.class,
			WebhookResult.class, StoredWebhookEvent.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				ANSWERS.toArray(Class<?>[]::new));
	}

}
