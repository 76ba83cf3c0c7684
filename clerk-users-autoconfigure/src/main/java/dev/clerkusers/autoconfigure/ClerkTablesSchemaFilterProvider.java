package dev.clerkusers.autoconfigure;

import java.util.Locale;
import java.util.Set;

import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;

/**
 * Keeps Hibernate's schema actions ({@code spring.jpa.hibernate.ddl-auto} {@code create},
 * {@code create-drop} and {@code update}) away from the library's tables and their id
 * sequences: the library's own Flyway scripts make and migrate them (indexes and
 * constraints that Hibernate would not make, among them the unique index of addresses),
 * and their rows outlive the application. An application's own tables are its own,
 * whatever their names. Hibernate still validates the library's tables
 * ({@code ddl-auto=validate}), and truncates them with the others (a test that resets its
 * data).
 */
final class ClerkTablesSchemaFilterProvider implements SchemaFilterProvider {

	/** The provider. */
	static final ClerkTablesSchemaFilterProvider INSTANCE = new ClerkTablesSchemaFilterProvider();

	/**
	 * The tables of the library's migrations, the organizations module's included (see
	 * {@code docs/operations.md}).
	 */
	private static final Set<String> TABLES = Set.of("clerk_users", "clerk_webhook_events", "clerk_ended_sessions",
			"clerk_instance", "clerk_organizations", "clerk_organization_memberships",
			"clerk_organization_invitations");

	private static final String SEQUENCE_SUFFIX = "_id_seq";

	private static final SchemaFilter APPLICATIONS_ONLY = new SchemaFilter() {

		@Override
		public boolean includeNamespace(Namespace namespace) {
			return true;
		}

		@Override
		public boolean includeTable(Table table) {
			return !TABLES.contains(unquoted(table.getName()));
		}

		@Override
		public boolean includeSequence(Sequence sequence) {
			String name = unquoted(sequence.getName().getSequenceName().getText());
			return !(name.endsWith(SEQUENCE_SUFFIX)
					&& TABLES.contains(name.substring(0, name.length() - SEQUENCE_SUFFIX.length())));
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
		return SchemaFilter.ALL;
	}

	@Override
	public SchemaFilter getMigrateFilter() {
		return APPLICATIONS_ONLY;
	}

	@Override
	public SchemaFilter getValidateFilter() {
		return SchemaFilter.ALL;
	}

	/**
	 * A name as PostgreSQL stores it: a quoted one as it is, another in lower case.
	 */
	private static String unquoted(String name) {
		boolean quoted = name.length() > 1 && (name.startsWith("\"") || name.startsWith("`"));
		return quoted ? name.substring(1, name.length() - 1) : name.toLowerCase(Locale.ROOT);
	}

}
