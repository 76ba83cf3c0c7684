package dev.clerkusers.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A page of a paginated Backend API list ({@code {"data": [...], "total_count": n}}).
 *
 * @param <T> the resource type
 * @param data the resources of the page
 * @param totalCount how many resources there are in all
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(@JsonProperty("data") List<T> data, @JsonProperty("total_count") long totalCount) {

	/** Most objects Clerk returns in one page. */
	public static final int MAX_LIMIT = 500;

	/**
	 * Checks the paging of a Backend API listing, as Clerk bounds it.
	 * @param limit how many objects, 1 to {@value #MAX_LIMIT}
	 * @param offset how many to skip, not negative
	 * @throws IllegalArgumentException when either is out of bounds
	 */
	public static void checkBounds(int limit, int offset) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		if (offset < 0) {
			throw new IllegalArgumentException("offset must not be negative, not " + offset);
		}
	}

	/**
	 * Validates the page.
	 * @param data the resources
	 * @param totalCount the total
	 */
	public Page {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

}
