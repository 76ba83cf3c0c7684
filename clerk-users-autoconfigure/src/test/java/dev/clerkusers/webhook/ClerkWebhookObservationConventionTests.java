package dev.clerkusers.webhook;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery is timed by {@code clerk.webhook.processing} once processed, with how it
 * ended, and counted in the {@code clerk.webhook.processing.active} long-task timer while
 * it is processed, of an outcome not known yet. Black-box run 71: deliveries in flight
 * were tagged {@code error}.
 */
class ClerkWebhookObservationConventionTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry registry = ObservationRegistry.create();

	ClerkWebhookObservationConventionTests() {
		this.registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
	}

	@Test
	void aDeliveryInFlightIsOfUnknownOutcome() {
		Observation observation = start(new ClerkWebhookObservationContext("user.updated"));
		assertThat(this.meters.get("clerk.webhook.processing.active")
			.tags("clerk.webhook.type", "user.updated", "outcome", "unknown")
			.longTaskTimer()
			.activeTasks()).isOne();
		observation.stop();
	}

	@Test
	void aDeliveryThatThrewIsAnError() {
		Observation observation = start(new ClerkWebhookObservationContext("user.updated"));
		observation.error(new IllegalStateException("broken"));
		observation.stop();
		assertThat(this.meters.get("clerk.webhook.processing")
			.tags("clerk.webhook.type", "user.updated", "outcome", "error")
			.timer()
			.count()).isOne();
	}

	@Test
	void aDeliveryProcessedSaysHowItEnded() {
		ClerkWebhookObservationContext context = new ClerkWebhookObservationContext("user.deleted");
		Observation observation = start(context);
		context.setResult(new WebhookResult("evt_1", "user.deleted", WebhookResult.Status.PROCESSED, null));
		observation.stop();
		assertThat(this.meters.get("clerk.webhook.processing")
			.tags("clerk.webhook.type", "user.deleted", "outcome", "processed")
			.timer()
			.count()).isOne();
	}

	/**
	 * Black-box run 172: any signed type became a tag value as it was, ids and 200
	 * characters included. Clerk's types are words joined by dots; anything else is
	 * {@code other}, so that no id or invented text grows the meter's series.
	 */
	@Test
	void aTypeNotOfClerksFormIsTaggedOther() {
		for (String type : new String[] { "user.created", "organizationMembership.created", "crm.broken",
				"unreadable" }) {
			assertThat(typeTag(type)).isEqualTo(type);
		}
		for (String type : new String[] { "custom.type7.user_x7", "user." + "x".repeat(200), "user created", "",
				"user..created", ".user", "user.created.", "user_2abc.created", "usér.created" }) {
			assertThat(typeTag(type)).as(type).isEqualTo("other");
		}
	}

	private static String typeTag(String type) {
		ClerkWebhookObservationContext context = new ClerkWebhookObservationContext(type);
		return new ClerkWebhookObservationConvention().getLowCardinalityKeyValues(context)
			.stream()
			.filter((keyValue) -> keyValue.getKey().equals("clerk.webhook.type"))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	private Observation start(ClerkWebhookObservationContext context) {
		return Observation.createNotStarted(new ClerkWebhookObservationConvention(), () -> context, this.registry)
			.start();
	}

}
