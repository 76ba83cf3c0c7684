package dev.clerkusers.actuate;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

/**
 * Refuses an option that an operation of the library's endpoints does not know. Actuator
 * binds the keys of a request's JSON body and query that name a parameter, and drops the
 * others; every option of these operations is optional, so a misspelled one would run the
 * operation with its most sweeping default: a misspelled {@code email} pushes every user,
 * a misspelled {@code dryRun} writes. The operation is answered {@code 400 {"status":
 * "invalid", "message": …}} instead, and does not run, as the command line refuses
 * {@code --dryrun}. Read operations are left alone.
 */
public final class ClerkOperationOptionsAdvisor implements OperationInvokerAdvisor {

	private final Set<EndpointId> endpoints;

	/**
	 * Creates an advisor for some endpoints.
	 * @param endpointIds the ids of the endpoints whose write and delete operations are
	 * checked
	 */
	public ClerkOperationOptionsAdvisor(String... endpointIds) {
		this.endpoints = Stream.of(endpointIds).map(EndpointId::of).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
			OperationInvoker invoker) {
		if (!this.endpoints.contains(endpointId) || operationType == OperationType.READ) {
			return invoker;
		}
		List<String> options = parameters.stream().map(OperationParameter::getName).toList();
		return (context) -> {
			List<String> unknown = context.getArguments()
				.keySet()
				.stream()
				.filter((name) -> !options.contains(name))
				.sorted()
				.toList();
			if (!unknown.isEmpty()) {
				return OperatorResponses.invalid("Unknown option(s) " + unknown + " for " + endpointId
						+ "; its options are " + options + ". Nothing ran.");
			}
			return invoker.invoke(context);
		};
	}

}
