package dev.clerkusers.ownscan;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * An application's own entity, in a package of its own.
 */
@Entity
public class Project {

	@Id
	private Long id;

	/**
	 * The project's id.
	 * @return the id
	 */
	public Long getId() {
		return this.id;
	}

}
