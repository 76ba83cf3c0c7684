package dev.clerkusers.slice;

import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application's repositories tested in a {@code @DataJpaTest} slice: the library's
 * tables are migrated before the application's own scripts, which may refer to them (a
 * foreign key to {@code clerk_users}, as operations.md shows), and its entities and
 * repositories are part of the slice.
 */
@DataJpaTest(properties = "spring.flyway.locations=classpath:db/slice")
@ClerkTestDatabase
class DataJpaSliceTests {

	@Autowired
	NoteRepository notes;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ClerkUserService users;

	@Autowired
	OrganizationRepository organizations;

	@Test
	void theApplicationsScriptsReferToTheUsersTable() {
		ClerkUser ada = this.accounts.createUser("ada@example.com", "user_ada", null);
		Long id = ada.getId();
		assertThat(id).isNotNull();
		this.notes.saveAndFlush(new Note(id, "first"));
		assertThat(this.notes.findByAuthorId(id)).extracting(Note::getText).containsExactly("first");
		assertThat(this.users.findByClerkId("user_ada")).isPresent();
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.notes.saveAndFlush(new Note(-1, "nobody's")));
	}

	@Test
	void theOrganizationsTablesArePartOfTheSlice() {
		assertThat(this.organizations.findByClerkId("org_none")).isEmpty();
	}

}
