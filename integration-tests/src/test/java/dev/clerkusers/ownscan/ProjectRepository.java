package dev.clerkusers.ownscan;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * An application's own repository, in a package of its own.
 */
public interface ProjectRepository extends JpaRepository<Project, Long> {

}
