package dev.clerkusers.organizations.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the organizations module, bound from
 * {@code clerk.organizations.*}.
 */
@ConfigurationProperties("clerk.organizations")
public class ClerkOrganizationsProperties {

	/**
	 * Whether a request whose token has no active organization may select one with a
	 * header, among the user's local memberships.
	 */
	private boolean headerSelection = true;

	/**
	 * Name of the header that selects the active organization.
	 */
	private String headerName = "X-Organization-Id";

	/**
	 * How long organizations and memberships are cached for the request context.
	 */
	private Duration cacheTtl = Duration.ofMinutes(5);

	/**
	 * Most organizations, and most memberships, kept in the cache.
	 */
	private long cacheMaxSize = 10_000;

	/**
	 * Whether headerSelection is on.
	 * @return whether a header may select the organization
	 */
	public boolean isHeaderSelection() {
		return this.headerSelection;
	}

	/**
	 * Sets whether a header may select the organization.
	 * @param headerSelection the switch
	 */
	public void setHeaderSelection(boolean headerSelection) {
		this.headerSelection = headerSelection;
	}

	/**
	 * The selection header.
	 * @return the header name
	 */
	public String getHeaderName() {
		return this.headerName;
	}

	/**
	 * Sets the selection header.
	 * @param headerName the header name
	 */
	public void setHeaderName(String headerName) {
		this.headerName = headerName;
	}

	/**
	 * The cache time to live.
	 * @return the time to live
	 */
	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	/**
	 * Sets the cache time to live.
	 * @param cacheTtl the time to live
	 */
	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	/**
	 * The cache size.
	 * @return the maximum number of entries of each kind
	 */
	public long getCacheMaxSize() {
		return this.cacheMaxSize;
	}

	/**
	 * Sets the cache size.
	 * @param cacheMaxSize the maximum number of entries of each kind
	 */
	public void setCacheMaxSize(long cacheMaxSize) {
		this.cacheMaxSize = cacheMaxSize;
	}

}
