package dev.clerkusers.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Ends a sign-in kept in an HTTP session for cause (its Clerk session ended, its user is
 * gone, inactive or locked out, its password or rights changed), as a logout does: with
 * its HTTP session, so that nothing of the ended sign-in stays, and a concurrent session
 * limit no longer counts it (Spring Security's session registry forgets a session when it
 * is destroyed, given an {@code HttpSessionEventPublisher}). Used by the repositories
 * that check kept sign-ins, for Clerk's and for form logins alike.
 */
final class EndedSignIns {

	private EndedSignIns() {
	}

	/**
	 * Ends the request's HTTP session, if it has one.
	 * @param request the request
	 * @param holder makes the empty context the request goes on with
	 * @return an empty context: the request is anonymous
	 */
	static SecurityContext endSession(HttpServletRequest request, SecurityContextHolderStrategy holder) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			try {
				session.invalidate();
			}
			catch (IllegalStateException alreadyEnded) {
				// Another request of the session ended it first.
			}
		}
		return holder.createEmptyContext();
	}

}
