package dev.clerkusers.organizations.architecture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organizations module's part of the package map in {@code docs/architecture.md}:
 * each of its packages uses only the packages it may use, of its own module and of the
 * core, and no core package uses the module.
 */
class OrganizationsPackageDependencyTests {

	private static final String MODULE = "dev.clerkusers.organizations";

	/** Each package of the module ("" is its root), and the packages it may use. */
	static final Map<String, List<String>> MAP = map();

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages(MODULE);

	private static final List<String> CORE = List.of("api", "token", "mirror", "user", "security", "webhook", "sync",
			"command", "actuate", "autoconfigure");

	private static Map<String, List<String>> map() {
		Map<String, List<String>> map = new LinkedHashMap<>();
		map.put("organizations.api", List.of("api"));
		map.put("organizations", List.of("organizations.api", "api", "mirror", "user"));
		map.put("organizations.security", List.of("organizations", "token", "security", "user"));
		map.put("organizations.security.reactive",
				List.of("organizations.security", "organizations", "token", "security", "user"));
		map.put("organizations.webhook", List.of("organizations", "organizations.api", "api", "mirror", "webhook"));
		map.put("organizations.sync", List.of("organizations", "organizations.api", "api", "mirror", "sync", "user"));
		return map;
	}

	@Test
	void theClassesOfEveryPackageAreFound() {
		Set<String> found = new TreeSet<>();
		for (JavaClass type : classes) {
			found.add(type.getPackageName().substring("dev.clerkusers.".length()));
		}
		assertThat(found).containsAll(MAP.keySet()).contains("organizations.autoconfigure");
	}

	@Test
	void everyPackageUsesOnlyThePackagesItMayUse() {
		MAP.forEach((owner, allowed) -> {
			String[] forbidden = forbidden(owner, allowed);
			noClasses().that()
				.resideInAPackage("dev.clerkusers." + owner)
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(forbidden)
				.because("docs/architecture.md lets " + owner + " use only " + allowed)
				.check(classes);
		});
	}

	private static String[] forbidden(String owner, List<String> allowed) {
		List<String> all = new ArrayList<>(MAP.keySet());
		all.add("organizations.autoconfigure");
		CORE.forEach((name) -> all.add(name));
		return all.stream()
			.filter((name) -> !name.equals(owner) && !allowed.contains(name))
			.map((name) -> name.startsWith("organizations") ? "dev.clerkusers." + name
					: "dev.clerkusers." + name + "..")
			.toArray(String[]::new);
	}

}
