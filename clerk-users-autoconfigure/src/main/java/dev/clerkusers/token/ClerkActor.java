package dev.clerkusers.token;

import java.io.Serial;
import java.io.Serializable;

import org.jspecify.annotations.Nullable;

/**
 * The {@code act} claim: someone acting on behalf of the user, as when an administrator
 * impersonates a user.
 *
 * @param subject who is acting (a Clerk user id for impersonation)
 * @param sessionId the actor's session id, if any
 * @param issuer where the actor signed in, if given
 * @param type the kind of actor, for example {@code agent}; {@code null} for
 * impersonation
 */
public record ClerkActor(@Nullable String subject, @Nullable String sessionId, @Nullable String issuer,
		@Nullable String type) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

}
