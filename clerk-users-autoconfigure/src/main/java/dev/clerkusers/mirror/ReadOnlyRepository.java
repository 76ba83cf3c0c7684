package dev.clerkusers.mirror;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.NoRepositoryBean;

/**
 * The reading half of a Spring Data JPA repository, for the local copies of Clerk's
 * records: what {@code JpaRepository} and {@code JpaSpecificationExecutor} read, and none
 * of what they write. A copy changes only through the library's synchronizers, which take
 * its lock, keep the ordering guard (an older copy never overwrites a newer one) and
 * evict its caches on every instance; a {@code save} of a copy read earlier, or one read
 * back from a session, would do none of that.
 *
 * @param <T> the entity type
 * @param <ID> the type of its id
 */
@NoRepositoryBean
public interface ReadOnlyRepository<T, ID> extends ListPagingAndSortingRepository<T, ID> {

	/**
	 * Finds an entity by id.
	 * @param id the id
	 * @return the entity, if any
	 */
	Optional<T> findById(ID id);

	/**
	 * Tells whether an entity with the id exists.
	 * @param id the id
	 * @return {@code true} if it exists
	 */
	boolean existsById(ID id);

	/**
	 * Finds every entity.
	 * @return the entities
	 */
	List<T> findAll();

	/**
	 * Finds the entities with the ids.
	 * @param ids the ids
	 * @return the entities found, in no particular order
	 */
	List<T> findAllById(Iterable<ID> ids);

	/**
	 * Counts the entities.
	 * @return their number
	 */
	long count();

	/**
	 * Finds the entity that matches a specification.
	 * @param spec the specification
	 * @return the entity, if one matches
	 * @throws org.springframework.dao.IncorrectResultSizeDataAccessException if several
	 * match
	 */
	Optional<T> findOne(Specification<T> spec);

	/**
	 * Finds the entities that match a specification.
	 * @param spec the specification
	 * @return the entities
	 */
	List<T> findAll(Specification<T> spec);

	/**
	 * Finds a page of the entities that match a specification.
	 * @param spec the specification
	 * @param pageable the page
	 * @return the page
	 */
	Page<T> findAll(Specification<T> spec, Pageable pageable);

	/**
	 * Finds the entities that match a specification, sorted.
	 * @param spec the specification
	 * @param sort the order
	 * @return the entities
	 */
	List<T> findAll(Specification<T> spec, Sort sort);

	/**
	 * Counts the entities that match a specification.
	 * @param spec the specification
	 * @return their number
	 */
	long count(Specification<T> spec);

	/**
	 * Tells whether any entity matches a specification.
	 * @param spec the specification
	 * @return {@code true} if one does
	 */
	boolean exists(Specification<T> spec);

}
