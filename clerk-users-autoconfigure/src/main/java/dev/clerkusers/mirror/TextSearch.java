package dev.clerkusers.mirror;

import java.util.Arrays;
import java.util.Objects;

import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.EscapeCharacter;
import org.springframework.util.Assert;

/**
 * The search of local copies by text that their repositories offer ({@code search(query,
 * pageable)}), as a {@link Specification}: built with the Criteria API, so that no query
 * string is parsed when a repository starts.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public final class TextSearch {

	private static final EscapeCharacter ESCAPE = EscapeCharacter.DEFAULT;

	private TextSearch() {
	}

	/**
	 * The rows where any of the given string attributes contains the text, regardless of
	 * case. {@code %} and {@code _} in the text match themselves, not any characters; a
	 * text with a NUL character, which no row can hold (PostgreSQL refuses it in a
	 * query), matches none.
	 * @param <T> the entity type
	 * @param text the text to look for
	 * @param attributes the names of the entity's attributes to look in
	 * @return the specification
	 * @throws IllegalArgumentException if the text is {@code null}
	 */
	public static <T> Specification<T> containing(String text, String... attributes) {
		Assert.notNull(text, "The text to search for must not be null");
		if (PostgresText.hasUnstorable(text)) {
			return (root, query, builder) -> builder.disjunction();
		}
		String pattern = "%" + Objects.requireNonNull(ESCAPE.escape(text)) + "%";
		return (root, query, builder) -> {
			Expression<String> lowerPattern = builder.lower(builder.literal(pattern));
			return builder.or(Arrays.stream(attributes)
				.map((attribute) -> builder.like(builder.lower(root.get(attribute)), lowerPattern,
						ESCAPE.getEscapeCharacter()))
				.toArray(Predicate[]::new));
		};
	}

}
