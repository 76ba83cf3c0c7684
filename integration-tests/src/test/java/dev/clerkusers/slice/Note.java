package dev.clerkusers.slice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A note of a user: its table has a foreign key to {@code clerk_users}.
 */
@Entity
@Table(name = "slice_notes")
public class Note {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "author_id", nullable = false)
	private long authorId;

	@Column(nullable = false)
	private String text = "";

	protected Note() {
	}

	/**
	 * Creates a note.
	 * @param authorId the {@code clerk_users.id} of its author
	 * @param text the text
	 */
	public Note(long authorId, String text) {
		this.authorId = authorId;
		this.text = text;
	}

	/**
	 * The author's {@code clerk_users.id}.
	 * @return the id
	 */
	public long getAuthorId() {
		return this.authorId;
	}

	/**
	 * The text.
	 * @return the text
	 */
	public String getText() {
		return this.text;
	}

}
