package dev.clerkusers.security;

/**
 * Where a Clerk token was found on a request.
 */
public enum TokenSource {

	/** The {@code Authorization: Bearer} header. */
	HEADER,

	/** Clerk's session cookie. */
	COOKIE

}
