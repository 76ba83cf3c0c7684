package dev.clerkusers.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

/**
 * Spring Boot's rules for writing auto-configurations that a rule over the classes can
 * check.
 */
class AutoConfigurationConventionsTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.clerkusers");

	@Test
	void aClassConditionGuardsAConfigurationClassNotABeanMethod() {
		methods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.notBeAnnotatedWith(ConditionalOnClass.class)
			.because("creating any bean of a configuration class reads all of its methods, which loads the types "
					+ "of their signatures, so a class that may be missing fails the whole class: its condition "
					+ "belongs on a nested configuration class")
			.check(classes);
	}

}
