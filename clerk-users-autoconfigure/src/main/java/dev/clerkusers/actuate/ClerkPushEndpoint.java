package dev.clerkusers.actuate;

import java.time.format.DateTimeParseException;

import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.PushOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code clerkpush} Actuator endpoint: {@code POST} pushes local users to Clerk — all
 * of them, the one with {@code email}, or those created before {@code createdBefore}
 * ({@code yyyy-MM-dd}), not both — optionally as a {@code dryRun}.
 */
@Endpoint(id = "clerkpush")
public class ClerkPushEndpoint {

	private final ClerkUserPush push;

	/**
	 * Creates the endpoint.
	 * @param push the push
	 */
	public ClerkPushEndpoint(ClerkUserPush push) {
		this.push = push;
	}

	/**
	 * Pushes users.
	 * @param email only this user, or {@code null}
	 * @param createdBefore only users created before this date ({@code yyyy-MM-dd}), or
	 * {@code null}
	 * @param dryRun whether to change nothing
	 * @return the summary; 400 when the options are invalid (a date that is not
	 * {@code yyyy-MM-dd}, both an email and a date), 409 when a sync or push runs
	 * already, 422 when a guard refused it, 503 when an outage ended it
	 */
	@WriteOperation
	public WebEndpointResponse<Object> push(@Nullable String email, @Nullable String createdBefore,
			@Nullable Boolean dryRun) {
		return OperatorResponses.run("clerkpush",
				() -> options(email, createdBefore).withDryRun(Boolean.TRUE.equals(dryRun)),
				(options) -> this.push.push(options, (line) -> {
				}));
	}

	private static PushOptions options(@Nullable String email, @Nullable String createdBefore) {
		if (email != null && createdBefore != null) {
			throw new IllegalArgumentException("Choose the users by email or by creation date, not both");
		}
		if (email != null) {
			return PushOptions.email(email);
		}
		if (createdBefore == null) {
			return PushOptions.all();
		}
		try {
			return PushOptions.createdBefore(createdBefore);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("createdBefore must be a date, yyyy-MM-dd, not '" + createdBefore + "'",
					ex);
		}
	}

}
