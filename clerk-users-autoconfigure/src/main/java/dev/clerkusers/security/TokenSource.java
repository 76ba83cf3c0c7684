package dev.clerkusers.security;

/**
 * Where a Clerk token was found on a request.
 */
public enum TokenSource {

	/** The {@code Authorization: Bearer} header. */
	HEADER,

	/** Clerk's session cookie. */
	COOKIE;

	/**
	 * The request attribute that holds where the request's token came from, once the
	 * converter found one.
	 */
	public static final String ATTRIBUTE = TokenSource.class.getName();

}
