package dev.clerkusers.autoconfigure;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Adds a module's entity package to the application's own {@link EntityScan @EntityScan}
 * packages, when the application declares any. The library's entities are found through
 * an auto-configuration package, which Spring Boot no longer scans once an application
 * names its entity packages itself; without this, such an application would fail to start
 * with "Not a managed type". When the application declares no {@code @EntityScan},
 * nothing is registered, so that Spring Boot keeps scanning the application's packages.
 * <p>
 * Internal: a base class for the library's modules, not for applications.
 */
public abstract class ClerkEntityScanRegistrar implements ImportBeanDefinitionRegistrar {

	/** The bean that holds an application's {@code @EntityScan} packages. */
	private static final String ENTITY_SCAN_PACKAGES = "org.springframework.boot.persistence.autoconfigure.EntityScanPackages";

	private final String packageName;

	/**
	 * Creates a registrar for the package of an entity.
	 * @param entity an entity of the module, whose package holds its others
	 */
	protected ClerkEntityScanRegistrar(Class<?> entity) {
		this.packageName = ClassUtils.getPackageName(entity);
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		// Applications' configuration classes are loaded before auto-configurations,
		// so an @EntityScan of theirs is registered by now, under its class's name.
		if (ClassUtils.isPresent(ENTITY_SCAN_PACKAGES, getClass().getClassLoader())
				&& registry.containsBeanDefinition(ENTITY_SCAN_PACKAGES)) {
			EntityScanPackages.register(registry, this.packageName);
		}
	}

}
