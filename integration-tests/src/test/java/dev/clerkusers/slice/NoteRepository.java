package dev.clerkusers.slice;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The notes.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

	/**
	 * The notes of an author.
	 * @param authorId the author's {@code clerk_users.id}
	 * @return the notes
	 */
	List<Note> findByAuthorId(long authorId);

}
