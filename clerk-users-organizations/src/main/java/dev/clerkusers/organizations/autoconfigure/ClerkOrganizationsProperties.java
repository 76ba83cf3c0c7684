package dev.clerkusers.organizations.autoconfigure;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the organizations module, bound from
 * {@code clerk.organizations.*}.
 */
@ConfigurationProperties("clerk.organizations")
public class ClerkOrganizationsProperties implements Validator {

	/** A header name: an RFC 9110 token. */
	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

	/**
	 * Whether a request whose token has no active organization may select one with a
	 * header, among the user's local memberships.
	 */
	private boolean headerSelection = true;

	/**
	 * Name of the header that selects the active organization: an HTTP header name (no
	 * spaces, colons or other separators).
	 */
	private String headerName = "X-Organization-Id";

	/**
	 * How long organizations and memberships are cached for the request context.
	 */
	private Duration cacheTtl = Duration.ofMinutes(5);

	/**
	 * Most organizations, and most users' memberships, kept in the cache.
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

	/**
	 * Validates itself: Spring Boot calls this once {@code clerk.organizations.*} is
	 * bound, and a value out of its range stops the application with a failure analysis
	 * that names the property and the rule.
	 * @param type the type to validate
	 * @return whether it is these properties
	 */
	@Override
	public boolean supports(Class<?> type) {
		return ClerkOrganizationsProperties.class.isAssignableFrom(type);
	}

	/**
	 * Checks the cache's time to live (at most 106,751 days) and size are not negative,
	 * and the header's name is one a request can send.
	 * @param target these properties
	 * @param errors where each value out of its range is rejected
	 */
	@Override
	public void validate(Object target, Errors errors) {
		ClerkOrganizationsProperties properties = (ClerkOrganizationsProperties) target;
		if (properties.getCacheTtl().isNegative()) {
			errors.rejectValue("cacheTtl", "clerk.range", "clerk.organizations.cache-ttl must not be negative");
		}
		else if (properties.getCacheTtl().compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0) {
			errors.rejectValue("cacheTtl", "clerk.range", "clerk.organizations.cache-ttl must be at most 106751 days"
					+ " (about 292 years, the nanoseconds a timer counts)");
		}
		if (properties.getCacheMaxSize() < 0) {
			errors.rejectValue("cacheMaxSize", "clerk.range",
					"clerk.organizations.cache-max-size must not be negative");
		}
		if (!StringUtils.hasText(properties.getHeaderName())) {
			errors.rejectValue("headerName", "clerk.range", "clerk.organizations.header-name must not be empty");
		}
		else if (!HEADER_NAME.matcher(properties.getHeaderName()).matches()) {
			errors.rejectValue("headerName", "clerk.range", "clerk.organizations.header-name must be a header name:"
					+ " letters, digits and !#$%&'*+.^_`|~- (no spaces, colons or other separators)");
		}
	}

}
