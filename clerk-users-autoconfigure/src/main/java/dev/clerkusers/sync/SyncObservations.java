package dev.clerkusers.sync;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes sync and push runs as {@code clerk.sync}, the same way for both.
 */
final class SyncObservations {

	private ObservationRegistry registry = ObservationRegistry.NOOP;

	private ObservationConvention<ClerkSyncObservationContext> convention = new ClerkSyncObservationConvention();

	void setRegistry(ObservationRegistry registry) {
		this.registry = registry;
	}

	void setConvention(ObservationConvention<ClerkSyncObservationContext> convention) {
		this.convention = convention;
	}

	<T> T observe(String operation, boolean dryRun, Supplier<T> run, Predicate<T> hasFailures,
			Function<T, Map<String, Long>> counts) {
		if (this.registry.isNoop()) {
			return run.get();
		}
		ClerkSyncObservationContext context = new ClerkSyncObservationContext(operation, dryRun);
		Observation observation = Observation.createNotStarted(this.convention, () -> context, this.registry).start();
		try (Observation.Scope scope = observation.openScope()) {
			T result = run.get();
			context.completed(hasFailures.test(result), counts.apply(result));
			return result;
		}
		catch (SyncRefusedException ex) {
			context.ended("refused");
			throw ex;
		}
		catch (SyncInProgressException ex) {
			context.ended("in-progress");
			throw ex;
		}
		catch (SyncAbortedException ex) {
			context.ended("aborted");
			observation.error(ex);
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			context.ended("error");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
