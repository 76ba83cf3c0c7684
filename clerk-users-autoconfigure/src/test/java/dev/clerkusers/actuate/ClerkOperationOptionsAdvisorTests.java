package dev.clerkusers.actuate;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkOperationOptionsAdvisor} refuses what a web request would run with its
 * widest default, and leaves JMX, which passes every parameter, absent ones as
 * {@code null}, alone.
 */
class ClerkOperationOptionsAdvisorTests {

	private final AtomicInteger runs = new AtomicInteger();

	private final OperationInvoker sync = new ClerkOperationOptionsAdvisor("clerksync").apply(
			EndpointId.of("clerksync"), OperationType.WRITE, parameters("dryRun", "reconcile"),
			(context) -> this.runs.incrementAndGet());

	@Test
	void aWebRequestWithAnUnknownOptionIsRefused() {
		assertRefused(this.sync.invoke(web(Map.of("dryrun", true))));
	}

	@Test
	void aWebRequestWithAnOptionWithoutAValueIsRefused() {
		assertRefused(this.sync.invoke(web(arguments("dryRun", null))));
		assertRefused(this.sync.invoke(web(arguments("dryRun", " "))));
	}

	@Test
	void aWebRequestWithKnownOptionsAndTheCsrfParameterRuns() {
		this.sync.invoke(web(Map.of("dryRun", "true", "_csrf", "token")));
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void jmxPassingAbsentOptionsAsNullRuns() {
		this.sync.invoke(new InvocationContext(SecurityContext.NONE, arguments("dryRun", null, "reconcile", null)));
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void readOperationsAndOtherEndpointsAreLeftAlone() {
		ClerkOperationOptionsAdvisor advisor = new ClerkOperationOptionsAdvisor("clerksync");
		OperationInvoker read = (context) -> "read";
		assertThat(advisor.apply(EndpointId.of("clerksync"), OperationType.READ, parameters(), read)).isSameAs(read);
		assertThat(advisor.apply(EndpointId.of("health"), OperationType.WRITE, parameters(), read)).isSameAs(read);
	}

	private void assertRefused(@Nullable Object answer) {
		assertThat(answer).isInstanceOfSatisfying(WebEndpointResponse.class,
				(response) -> assertThat(response.getStatus()).isEqualTo(400));
		assertThat(this.runs).hasValue(0);
	}

	private static InvocationContext web(Map<String, @Nullable Object> arguments) {
		return new InvocationContext(SecurityContext.NONE, arguments,
				OperationArgumentResolver.of(WebServerNamespace.class, () -> WebServerNamespace.SERVER));
	}

	private static Map<String, @Nullable Object> arguments(@Nullable Object... namesAndValues) {
		Map<String, @Nullable Object> arguments = new HashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			arguments.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
		}
		return arguments;
	}

	private static OperationParameters parameters(String... names) {
		List<OperationParameter> parameters = Arrays.stream(names)
			.map(Parameter::new)
			.map(OperationParameter.class::cast)
			.toList();
		return new OperationParameters() {

			@Override
			public int getParameterCount() {
				return parameters.size();
			}

			@Override
			public OperationParameter get(int index) {
				return parameters.get(index);
			}

			@Override
			public Stream<OperationParameter> stream() {
				return parameters.stream();
			}

			@Override
			public Iterator<OperationParameter> iterator() {
				return parameters.iterator();
			}

		};
	}

	private record Parameter(String getName) implements OperationParameter {

		@Override
		public Class<?> getType() {
			return Object.class;
		}

		@Override
		public boolean isMandatory() {
			return false;
		}

		@Override
		public <T extends Annotation> @Nullable T getAnnotation(Class<T> annotation) {
			return null;
		}

	}

}
