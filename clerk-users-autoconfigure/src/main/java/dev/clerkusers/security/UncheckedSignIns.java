package dev.clerkusers.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Sign-ins kept in a session that could not be checked on this request (the database
 * failed), between the repository that checks them and {@link ClerkAuthenticationFilter}
 * (on a chain that turns Clerk off, {@link ClerkStoredSignInsConfigurer}'s filter), which
 * answers the request 503. The repository hands out an empty context meanwhile, so that a
 * filter that reads the context before Clerk's (a sign-out, say) sees an anonymous
 * request rather than an exception, and the sign-in stays in the session.
 */
final class UncheckedSignIns {

	private static final String ATTRIBUTE = UncheckedSignIns.class.getName() + ".FAILURE";

	private UncheckedSignIns() {
	}

	/**
	 * Records that the request's stored sign-in could not be checked, for a failure of
	 * the database ({@value ClerkServiceUnavailableException#DATABASE_UNAVAILABLE}).
	 * @param request the request
	 * @param message what could not be checked, safe to show to the client
	 * @param failure the database's failure
	 * @param holder makes the empty context to use meanwhile
	 * @return an empty context
	 */
	static SecurityContext unchecked(HttpServletRequest request, String message, RuntimeException failure,
			SecurityContextHolderStrategy holder) {
		request.setAttribute(ATTRIBUTE, new ClerkServiceUnavailableException(
				ClerkServiceUnavailableException.DATABASE_UNAVAILABLE, message, failure));
		return holder.createEmptyContext();
	}

	/**
	 * Whether a stored sign-in of this request could not be checked (and the failure was
	 * not yet taken).
	 * @param request the request
	 * @return {@code true} when one could not be checked
	 */
	static boolean isUnchecked(HttpServletRequest request) {
		return request.getAttribute(ATTRIBUTE) instanceof ClerkServiceUnavailableException;
	}

	/**
	 * Takes the failure recorded for a request, if any: it is answered once.
	 * @param request the request
	 * @return the failure, or {@code null}
	 */
	static @Nullable ClerkServiceUnavailableException take(HttpServletRequest request) {
		Object failure = request.getAttribute(ATTRIBUTE);
		request.removeAttribute(ATTRIBUTE);
		return (failure instanceof ClerkServiceUnavailableException unavailable) ? unavailable : null;
	}

}
