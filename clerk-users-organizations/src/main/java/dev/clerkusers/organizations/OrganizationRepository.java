package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.clerkusers.mirror.ReadOnlyRepository;
import dev.clerkusers.mirror.TextSearch;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository of {@link Organization}s. Read through it, with its methods or
 * with a {@link Specification}; change organizations through
 * {@link OrganizationSynchronizer}.
 * <p>
 * The queries of its methods that are not derived from their names are named queries of
 * {@link Organization}: Spring Data parses those when they first run rather than when the
 * application starts.
 */
public interface OrganizationRepository extends ReadOnlyRepository<Organization, Long> {

	/**
	 * Finds an organization by Clerk id.
	 * @param clerkId the Clerk organization id
	 * @return the organization, if any
	 */
	Optional<Organization> findByClerkId(String clerkId);

	/**
	 * Finds organizations by Clerk ids.
	 * @param clerkIds the ids
	 * @return the organizations found
	 */
	List<Organization> findByClerkIdIn(Collection<String> clerkIds);

	/**
	 * Finds active organizations by slug.
	 * @param slug the slug
	 * @return the organizations, usually one
	 */
	List<Organization> findBySlugAndActiveTrue(String slug);

	/**
	 * Searches organizations whose name, slug or Clerk id contains the query, regardless
	 * of case; {@code %} and {@code _} in the query match themselves.
	 * @param query the text
	 * @param pageable the page
	 * @return the page
	 */
	default Page<Organization> search(String query, Pageable pageable) {
		return findAll(TextSearch.containing(query, "name", "slug", "clerkId"), pageable);
	}

	/**
	 * The active organizations stored before a time, for reconciliation with Clerk.
	 * @param before the time
	 * @return the organizations
	 */
	List<Organization> findActiveCreatedBefore(@Param("before") Instant before);

	/**
	 * The Clerk ids of the organizations that are not deleted and were stored before a
	 * time: what a sync's reconcile compares with Clerk's listing.
	 * @param before the time
	 * @return the Clerk ids, in no particular order
	 */
	List<String> findActiveClerkIdsCreatedBefore(@Param("before") Instant before);

}
