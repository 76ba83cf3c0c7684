package dev.clerkusers.autoconfigure;

import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;

/**
 * Keeps Hibernate's schema actions ({@code spring.jpa.hibernate.ddl-auto} {@code create},
 * {@code create-drop}, {@code update}, and truncation) away from the library's tables and
 * sequences, whose names begin with {@code clerk_}: the library's own Flyway scripts make
 * and migrate them (indexes and constraints that Hibernate would not make, among them the
 * unique index of addresses), and their rows outlive the application. Hibernate still
 * validates them, with {@code ddl-auto=validate}.
 */
final class ClerkTablesSchemaFilterProvider implements SchemaFilterProvider {

	/** The provider. */
	static final ClerkTablesSchemaFilterProvider INSTANCE = new ClerkTablesSchemaFilterProvider();

	private static final String PREFIX = "clerk_";

	private static final SchemaFilter APPLICATIONS_ONLY = new SchemaFilter() {

		@Override
		public boolean includeNamespace(Namespace namespace) {
			return true;
		}

		@Override
		public boolean includeTable(Table table) {
			return !isClerks(table.getName());
		}

		@Override
		public boolean includeSequence(Sequence sequence) {
			return !isClerks(sequence.getName().getSequenceName().getText());
		}

	};

	private ClerkTablesSchemaFilterProvider() {
	}

	@Override
	public SchemaFilter getCreateFilter() {
		return APPLICATIONS_ONLY;
	}

	@Override
	public SchemaFilter getDropFilter() {
		return APPLICATIONS_ONLY;
	}

	@Override
	public SchemaFilter getTruncatorFilter() {
		return APPLICATIONS_ONLY;
	}

	@Override
	public SchemaFilter getMigrateFilter() {
		return APPLICATIONS_ONLY;
	}

	@Override
	public SchemaFilter getValidateFilter() {
		return SchemaFilter.ALL;
	}

	private static boolean isClerks(String name) {
		String unquoted = (name.startsWith("\"") || name.startsWith("`")) ? name.substring(1) : name;
		return unquoted.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
	}

}
