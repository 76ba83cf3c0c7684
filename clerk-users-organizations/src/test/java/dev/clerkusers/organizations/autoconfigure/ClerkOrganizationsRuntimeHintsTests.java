package dev.clerkusers.organizations.autoconfigure;

import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

import dev.clerkusers.api.ClerkResource;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkOrganizationsRuntimeHints} covers the module's schema scripts, the types
 * bound from Clerk's JSON and the entities, found by scanning the module.
 */
class ClerkOrganizationsRuntimeHintsTests {

	private static final String MODULE = "dev.clerkusers.organizations";

	private final RuntimeHints hints = hints();

	@Test
	void everySchemaScriptIsIncluded() throws IOException {
		Resource[] scripts = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:dev/clerkusers/schema/organizations/*.sql");
		assertThat(scripts).isNotEmpty();
		for (Resource script : scripts) {
			String path = "dev/clerkusers/schema/organizations/" + script.getFilename();
			assertThat(RuntimeHintsPredicates.resource().forResource(path)).as(path).accepts(this.hints);
		}
	}

	@Test
	void everyTypeBoundFromClerksJsonAndEveryEntityIsReflectable() {
		Set<Class<?>> types = scan(new AssignableTypeFilter(ClerkResource.class));
		types.addAll(scan(new AnnotationTypeFilter(Entity.class)));
		assertThat(types).hasSizeGreaterThanOrEqualTo(6);
		types.forEach((type) -> assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName())
			.accepts(this.hints));
	}

	private static Set<Class<?>> scan(TypeFilter filter) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return true;
			}

		};
		scanner.addIncludeFilter(filter);
		return scanner.findCandidateComponents(MODULE)
			.stream()
			.map((definition) -> ClassUtils.resolveClassName(definition.getBeanClassName(), null))
			.collect(Collectors.toSet());
	}

	private static RuntimeHints hints() {
		RuntimeHints hints = new RuntimeHints();
		new ClerkOrganizationsRuntimeHints().registerHints(hints, null);
		return hints;
	}

}
