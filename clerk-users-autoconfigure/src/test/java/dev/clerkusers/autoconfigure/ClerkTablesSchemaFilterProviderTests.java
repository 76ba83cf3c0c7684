package dev.clerkusers.autoconfigure;

import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Hibernate's schema actions may touch beside the library's tables.
 */
class ClerkTablesSchemaFilterProviderTests {

	private final ClerkTablesSchemaFilterProvider provider = ClerkTablesSchemaFilterProvider.INSTANCE;

	@Test
	void theLibrarysTablesAndSequencesAreLeftToItsMigrations() {
		for (SchemaFilter filter : schemaActions()) {
			assertThat(filter.includeTable(new Table("test", "clerk_users"))).isFalse();
			assertThat(filter.includeTable(new Table("test", "\"clerk_organization_memberships\""))).isFalse();
			assertThat(filter.includeSequence(sequence("clerk_users_id_seq"))).isFalse();
		}
	}

	@Test
	void anApplicationsOwnTablesAreItsOwnWhateverTheirNames() {
		for (SchemaFilter filter : schemaActions()) {
			assertThat(filter.includeTable(new Table("test", "clerk_notes"))).isTrue();
			assertThat(filter.includeTable(new Table("test", "orders"))).isTrue();
			assertThat(filter.includeSequence(sequence("clerk_notes_id_seq"))).isTrue();
		}
	}

	/**
	 * Truncation empties tables, as a test that resets its data expects, the library's
	 * included; validation checks them too.
	 */
	@Test
	void truncationAndValidationIncludeTheLibrarysTables() {
		assertThat(this.provider.getTruncatorFilter().includeTable(new Table("test", "clerk_users"))).isTrue();
		assertThat(this.provider.getValidateFilter().includeTable(new Table("test", "clerk_users"))).isTrue();
	}

	/**
	 * The filters of the actions that make, change or drop tables.
	 */
	private SchemaFilter[] schemaActions() {
		return new SchemaFilter[] { this.provider.getCreateFilter(), this.provider.getDropFilter(),
				this.provider.getMigrateFilter() };
	}

	private static Sequence sequence(String name) {
		return new Sequence("test", null, null, Identifier.toIdentifier(name));
	}

}
