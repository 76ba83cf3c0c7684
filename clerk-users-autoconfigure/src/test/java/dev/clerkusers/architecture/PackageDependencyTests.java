package dev.clerkusers.architecture;

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
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package map of {@code docs/architecture.md}: every package of the library is in the
 * map, arrows point one way, no package reaches up, and there are no cycles. Each rule
 * fails when it finds no classes to check.
 */
class PackageDependencyTests {

	/** Each package of {@code dev.clerkusers}, and the packages of ours it may use. */
	static final Map<String, List<String>> MAP = map();

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.clerkusers");

	private static Map<String, List<String>> map() {
		Map<String, List<String>> map = new LinkedHashMap<>();
		map.put("api", List.of());
		map.put("token", List.of("api"));
		map.put("mirror", List.of());
		map.put("user", List.of("api", "mirror"));
		map.put("security", List.of("token", "user"));
		map.put("webhook", List.of("api", "user", "mirror"));
		map.put("sync", List.of("api", "user", "mirror"));
		map.put("command", List.of("sync", "user"));
		map.put("actuate", List.of("api", "token", "webhook", "sync", "mirror"));
		map.put("autoconfigure",
				List.of("api", "token", "mirror", "user", "security", "webhook", "sync", "command", "actuate"));
		return map;
	}

	@Test
	void theClassesOfEveryPackageAreFound() {
		Set<String> found = new TreeSet<>();
		for (JavaClass type : classes) {
			String rest = type.getPackageName().substring("dev.clerkusers".length());
			if (!rest.isEmpty()) {
				found.add(rest.substring(1).split("\\.")[0]);
			}
		}
		assertThat(found).as("packages of dev.clerkusers").isNotEmpty().isSubsetOf(MAP.keySet());
		assertThat(found).containsAll(MAP.keySet());
	}

	@Test
	void everyPackageUsesOnlyThePackagesItMayUse() {
		MAP.forEach((owner, allowed) -> {
			String[] forbidden = MAP.keySet()
				.stream()
				.filter((name) -> !name.equals(owner) && !allowed.contains(name))
				.map((name) -> "dev.clerkusers." + name + "..")
				.toArray(String[]::new);
			if (forbidden.length > 0 && packageHasClasses(owner)) {
				noClasses().that()
					.resideInAPackage("dev.clerkusers." + owner + "..")
					.should()
					.dependOnClassesThat()
					.resideInAnyPackage(forbidden)
					.because("docs/architecture.md lets " + owner + " use only " + allowed)
					.check(classes);
			}
		});
	}

	@Test
	void thereAreNoCycles() {
		slices().matching("dev.clerkusers.(*)..").should().beFreeOfCycles().check(classes);
	}

	private static boolean packageHasClasses(String name) {
		return classes.stream().anyMatch((type) -> type.getPackageName().startsWith("dev.clerkusers." + name));
	}

}
