package dev.clerkusers.autoconfigure;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.clerkusers.actuate.ClerkOperationResult;
import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MachineTokenResource;
import dev.clerkusers.api.Page;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.sync.PushSummary;
import dev.clerkusers.sync.SyncReport;
import dev.clerkusers.sync.SyncSummary;
import dev.clerkusers.webhook.StoredWebhookEvent;
import dev.clerkusers.webhook.WebhookResult;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkRuntimeHints}, {@link ClerkApiRuntimeHints} and
 * {@link ClerkEndpointRuntimeHints} cover what a native image needs and cannot find by
 * itself: every schema script, every type bound from Clerk's JSON or written by the
 * endpoints, and every entity. The tests scan the library, so that a script, resource or
 * entity added later without a hint fails here.
 */
class ClerkRuntimeHintsTests {

	private static final String JSON_ANNOTATIONS = "com.fasterxml.jackson.annotation";

	private final RuntimeHints hints = hints();

	@Test
	void everySchemaScriptIsIncluded() throws IOException {
		Resource[] scripts = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:dev/clerkusers/schema/core/*.sql");
		assertThat(scripts).isNotEmpty();
		for (Resource script : scripts) {
			String path = "dev/clerkusers/schema/core/" + script.getFilename();
			assertThat(RuntimeHintsPredicates.resource().forResource(path)).as(path).accepts(this.hints);
		}
	}

	@Test
	void everyTypeBoundFromClerksJsonIsReflectable() {
		Set<Class<?>> resources = scan(new AssignableTypeFilter(ClerkResource.class), "dev.clerkusers.api");
		assertThat(resources).isNotEmpty();
		resources.stream()
			.filter((type) -> !type.isInterface())
			.forEach((type) -> assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName())
				.accepts(this.hints));
	}

	@Test
	void everyTypeCarryingJacksonAnnotationsIsReflectable() {
		// Page, the envelope of Clerk's paginated lists, is no ClerkResource: it was
		// missing.
		Set<Class<?>> bound = jacksonBoundTypes("dev.clerkusers");
		assertThat(bound).contains(Page.class, UserResource.class);
		bound.forEach((type) -> assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName())
			.accepts(this.hints));
	}

	/**
	 * The endpoints answer inside {@code Object}-typed responses, so Spring Boot's hints
	 * for endpoints do not reach what they write: the sync's summaries, the push's, the
	 * webhook results and stored events.
	 */
	@Test
	void whatTheActuatorEndpointsWriteIsReflectable() {
		for (Class<?> type : List.of(ClerkOperationResult.class, SyncReport.class, SyncSummary.class, PushSummary.class,
				WebhookResult.class, StoredWebhookEvent.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
		}
	}

	@Test
	void everyEntityIsReflectable() {
		Set<Class<?>> entities = scan(new AnnotationTypeFilter(Entity.class), "dev.clerkusers");
		entities.addAll(scan(new AnnotationTypeFilter(Embeddable.class), "dev.clerkusers"));
		assertThat(entities).hasSizeGreaterThanOrEqualTo(2);
		entities.forEach((type) -> assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName())
			.accepts(this.hints));
	}

	/**
	 * An application without a database verifies machine tokens with the Backend API, and
	 * its native image reads the answers: the hints come with the API's
	 * auto-configuration, not only with the users table's.
	 */
	@Test
	void anApplicationWithoutADatabaseGetsTheHintsOfTheBackendApisJson() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of("clerk.secret-key=sk_test_abc").applyTo(context);
			context.register(ClerkTokenAutoConfiguration.class, ClerkApiAutoConfiguration.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("com.example", "App")), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			assertThat(RuntimeHintsPredicates.reflection().onType(MachineTokenResource.class))
				.accepts(generation.getRuntimeHints());
		}
	}

	static Set<Class<?>> scan(TypeFilter filter, String basePackage) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return true;
			}

		};
		scanner.addIncludeFilter(filter);
		// Conditions are evaluated for the classes a filter includes. Configuration
		// classes bind no JSON, and a bean condition needs a bean factory.
		scanner.addExcludeFilter(new AnnotationTypeFilter(Conditional.class));
		return scanner.findCandidateComponents(basePackage)
			.stream()
			.map((definition) -> ClassUtils.resolveClassName(definition.getBeanClassName(), null))
			.collect(Collectors.toSet());
	}

	/**
	 * The types in a package (and below) that carry Jackson annotations on the type, a
	 * field, a record component or a method: the types bound from or to JSON.
	 * @param basePackage the package
	 * @return the types
	 */
	static Set<Class<?>> jacksonBoundTypes(String basePackage) {
		return scan((reader, factory) -> true, basePackage).stream()
			.filter((type) -> !type.getProtectionDomain()
				.getCodeSource()
				.getLocation()
				.getPath()
				.endsWith("/test-classes/"))
			.filter(ClerkRuntimeHintsTests::carriesJacksonAnnotations)
			.collect(Collectors.toSet());
	}

	private static boolean carriesJacksonAnnotations(Class<?> type) {
		Stream<AnnotatedElement> elements = Stream
			.of(Stream.<AnnotatedElement>of(type), Arrays.stream(type.getDeclaredFields()),
					Arrays.stream(type.getDeclaredMethods()),
					Arrays.stream(
							(type.getRecordComponents() != null) ? type.getRecordComponents() : new RecordComponent[0]))
			.flatMap((stream) -> stream);
		return elements.flatMap((element) -> Arrays.stream(element.getDeclaredAnnotations()))
			.anyMatch((annotation) -> annotation.annotationType().getPackageName().equals(JSON_ANNOTATIONS));
	}

	private static RuntimeHints hints() {
		RuntimeHints hints = new RuntimeHints();
		new ClerkRuntimeHints().registerHints(hints, ClerkRuntimeHintsTests.class.getClassLoader());
		new ClerkApiRuntimeHints().registerHints(hints, ClerkRuntimeHintsTests.class.getClassLoader());
		new ClerkEndpointRuntimeHints().registerHints(hints, ClerkRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

}
