package dev.clerkusers.test.database;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Keeps the database of a {@link ClerkTestDatabase} test in Spring Boot's test slices
 * ({@code @DataJpaTest}, {@code @JdbcTest}): their {@code @AutoConfigureTestDatabase}
 * would replace it with an embedded database, since it comes from neither a
 * Testcontainers service connection nor a dynamic property. Sets
 * {@code spring.test.database.replace} to {@code none} as a default:
 * {@code @AutoConfigureTestDatabase(replace = …)} and the application's properties still
 * decide.
 */
class ClerkTestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, ClerkTestDatabase.class)
				? new KeepTestDatabaseCustomizer() : null;
	}

	/**
	 * Adds the default, behind every other property source.
	 */
	static final class KeepTestDatabaseCustomizer implements ContextCustomizer {

		static final String PROPERTY_SOURCE_NAME = "clerkTestDatabase";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("spring.test.database.replace", "none")));
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

}
