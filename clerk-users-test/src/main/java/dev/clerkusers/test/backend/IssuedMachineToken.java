package dev.clerkusers.test.backend;

/**
 * A machine token the {@link FakeClerkBackend} issued: its id, to revoke it, and the
 * secret a client sends as {@code Authorization: Bearer}.
 *
 * @param id the id ({@code ak_…}, {@code mt_…} or {@code oat_…} and 32 hex digits)
 * @param secret the bearer value: an API key's secret, an M2M token, an OAuth access
 * token
 */
public record IssuedMachineToken(String id, String secret) {

	/**
	 * The {@code Authorization} header value.
	 * @return {@code Bearer <secret>}
	 */
	public String bearer() {
		return "Bearer " + this.secret;
	}

}
