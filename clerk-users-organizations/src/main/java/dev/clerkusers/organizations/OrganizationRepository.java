package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository of {@link Organization}s. Read through it; change organizations
 * through {@link OrganizationSynchronizer}.
 */
public interface OrganizationRepository extends JpaRepository<Organization, Long> {

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
	 * of case.
	 * @param query the text
	 * @param pageable the page
	 * @return the page
	 */
	@Query("""
			select o from Organization o
			where lower(o.name) like lower(concat('%', :query, '%'))
			   or lower(o.slug) like lower(concat('%', :query, '%'))
			   or lower(o.clerkId) like lower(concat('%', :query, '%'))
			""")
	Page<Organization> search(@Param("query") String query, Pageable pageable);

	/**
	 * The active organizations stored before a time, for reconciliation with Clerk.
	 * @param before the time
	 * @return the organizations
	 */
	@Query("select o from Organization o where o.sync.deletedAt is null and o.createdAt < :before")
	List<Organization> findActiveCreatedBefore(@Param("before") Instant before);

}
