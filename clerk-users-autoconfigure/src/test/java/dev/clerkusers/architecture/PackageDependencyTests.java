package dev.clerkusers.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map of ARCHITECTURE.md: arrows point one way, no package reaches up, and
 * there are no cycles.
 */
class PackageDependencyTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.clerkusers");

	@Test
	void tokenUsesNothingOfOurs() {
		only("token");
	}

	@Test
	void apiUsesNothingOfOurs() {
		only("api");
	}

	@Test
	void userUsesOnlyApi() {
		only("user", "api");
	}

	@Test
	void securityUsesOnlyTokenAndUser() {
		only("security", "token", "user");
	}

	@Test
	void webhookUsesOnlyUser() {
		only("webhook", "user");
	}

	@Test
	void syncUsesOnlyApiAndUser() {
		only("sync", "api", "user");
	}

	@Test
	void commandUsesOnlyUserAndSync() {
		only("command", "user", "sync");
	}

	@Test
	void thereAreNoCycles() {
		slices().matching("dev.clerkusers.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
	}

	/**
	 * Classes of {@code dev.clerkusers.<owner>} may use no package of ours but the
	 * allowed ones.
	 */
	private static void only(String owner, String... allowed) {
		String[] forbidden = java.util.stream.Stream
			.of("token", "api", "user", "security", "webhook", "sync", "command", "autoconfigure")
			.filter((name) -> !name.equals(owner) && !java.util.List.of(allowed).contains(name))
			.map((name) -> "dev.clerkusers." + name + "..")
			.toArray(String[]::new);
		noClasses().that()
			.resideInAPackage("dev.clerkusers." + owner + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(forbidden)
			.allowEmptyShould(true)
			.check(classes);
	}

}
