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

	/**
	 * Validates the page.
	 * @param data the resources
	 * @param totalCount the total
	 */
	public Page {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

}
