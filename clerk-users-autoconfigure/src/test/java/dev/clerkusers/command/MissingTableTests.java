package dev.clerkusers.command;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.BadSqlGrammarException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures {@link MissingTable} explains: a table of the library that PostgreSQL
 * says does not exist, and no other.
 */
class MissingTableTests {

	@Test
	void aMissingTableOfTheLibraryIsNamedWithWhatToDo() {
		BadSqlGrammarException failure = grammar("ERROR: relation \"clerk_users\" does not exist\n  Position: 15",
				"42P01");
		assertThat(MissingTable.isMissingTable(failure)).isTrue();
		assertThat(MissingTable.describe(failure)).startsWith("the table clerk_users does not exist")
			.contains("clerk.schema.migrate=false, apply the library's scripts first");
	}

	@Test
	void aSchemaQualifiedNameIsTheTable() {
		assertThat(MissingTable.describe(grammar("ERROR: relation \"app.clerk_instance\" does not exist", "42P01")))
			.startsWith("the table clerk_instance does not exist");
	}

	@Test
	void aMissingTableOfTheApplicationIsNotExplained() {
		BadSqlGrammarException failure = grammar("ERROR: relation \"orders\" does not exist", "42P01");
		assertThat(MissingTable.isMissingTable(failure)).isFalse();
		assertThat(MissingTable.describe(failure)).isNull();
	}

	@Test
	void anotherGrammarErrorIsNotAMissingTable() {
		BadSqlGrammarException failure = grammar("ERROR: column \"clerk_id\" does not exist", "42703");
		assertThat(MissingTable.isMissingTable(failure)).isFalse();
		assertThat(MissingTable.describe(failure)).isNull();
	}

	private static BadSqlGrammarException grammar(String message, String state) {
		return new BadSqlGrammarException("StatementCallback", "select 1", new SQLException(message, state));
	}

}
