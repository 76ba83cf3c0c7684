package dev.clerkusers.actuate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;

/**
 * Refuses an option that an operation of the library's endpoints does not know, or that
 * is given without a value. Actuator binds the keys of a request's JSON body and query
 * that name a parameter, drops the others, and passes an empty value on as none; every
 * option of these operations is optional, so a misspelled one, or {@code ?dryRun} written
 * as a flag, would run the operation with its most sweeping default: a misspelled
 * {@code email} pushes every user, a misspelled {@code dryRun} writes. The operation is
 * answered {@code 400 {"status": "invalid", "message": …}} instead, and does not run, as
 * the command line refuses {@code --dryrun}; so is an option given twice in the query
 * ({@code ?dryRun=false&dryRun=true}). Spring Security's CSRF parameter ({@code _csrf})
 * is let through. Read operations are left alone, and so is JMX's {@code null} for an
 * option not given.
 */
public final class ClerkOperationOptionsAdvisor implements OperationInvokerAdvisor {

	/**
	 * The parameter of Spring Security's CSRF token in a form post (its token
	 * repositories' default), which Actuator passes on with the request's parameters.
	 */
	private static final String CSRF_PARAMETER = "_csrf";

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
			Map<String, @Nullable Object> arguments = context.getArguments();
			List<String> unknown = named(arguments,
					(name, value) -> !options.contains(name) && !CSRF_PARAMETER.equals(name));
			if (!unknown.isEmpty()) {
				return OperatorResponses.invalid("Unknown option(s) " + unknown + " for " + endpointId
						+ "; its options are " + options + ". Nothing ran.");
			}
			// JMX passes every parameter, an absent one as null; a web request only those
			// it names
			boolean web = context.canResolve(WebServerNamespace.class);
			List<String> empty = named(arguments, (name, value) -> options.contains(name) && isEmpty(value, web));
			if (!empty.isEmpty()) {
				return OperatorResponses.invalid("Option(s) " + empty + " of " + endpointId
						+ " given without a value (leave an option out for its default). Nothing ran.");
			}
			// A query parameter given twice reaches the operation as a list, of which
			// the conversion would take one value: ?dryRun=false&dryRun=true wrote.
			List<String> repeated = named(arguments,
					(name, value) -> value instanceof Collection<?> values && values.size() > 1);
			if (!repeated.isEmpty()) {
				return OperatorResponses.invalid("Option(s) " + repeated + " of " + endpointId
						+ " given more than once (give each once). Nothing ran.");
			}
			return invoker.invoke(context);
		};
	}

	/**
	 * The names of the arguments that pass a test, sorted.
	 */
	private static List<String> named(Map<String, @Nullable Object> arguments,
			BiPredicate<String, @Nullable Object> test) {
		return arguments.entrySet()
			.stream()
			.filter((argument) -> test.test(argument.getKey(), argument.getValue()))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	/**
	 * Whether an option was given without a value ({@code ?dryRun}, {@code "dryRun": ""}
	 * or, in a web request, {@code null}), which Actuator would pass on as not given.
	 */
	private static boolean isEmpty(@Nullable Object value, boolean web) {
		return (value == null) ? web : (value instanceof String text && text.isBlank());
	}

}
