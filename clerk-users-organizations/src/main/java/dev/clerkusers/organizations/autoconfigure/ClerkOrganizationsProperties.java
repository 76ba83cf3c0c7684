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

	public boolean isHeaderSelection() {
		return this.headerSelection;
	}

	public void setHeaderSelection(boolean headerSelection) {
		this.headerSelection = headerSelection;
	}

	public String getHeaderName() {
		return this.headerName;
	}

	public void setHeaderName(String headerName) {
		this.headerName = headerName;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	public long getCacheMaxSize() {
		return this.cacheMaxSize;
	}

	public void setCacheMaxSize(long cacheMaxSize) {
		this.cacheMaxSize = cacheMaxSize;
	}

}
