package dev.clerkusers.startup;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's one repository.
 */
interface NoteRepository extends JpaRepository<Note, Long> {

}
