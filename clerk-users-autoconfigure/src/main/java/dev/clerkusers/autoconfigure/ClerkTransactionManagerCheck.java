package dev.clerkusers.autoconfigure;

import java.util.Arrays;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

/**
 * Checks at startup that the application's transaction manager (the one that injection
 * and {@code @Transactional} resolve: the only one, or the {@code @Primary} one) manages
 * the database the library writes to: its {@code EntityManagerFactory} or its
 * {@code DataSource} (a JTA transaction manager manages any). Otherwise the library's
 * transactions would be begun on another database, and its writes would run outside any
 * transaction: a failed webhook would stay applied and be marked processed, and a pool
 * with auto-commit off would lose them. The application does not start, and
 * {@link ClerkConfigurationFailureAnalyzer} says what to do.
 */
class ClerkTransactionManagerCheck implements SmartInitializingSingleton {

	private static final String ACTION = "Make the transaction manager of the primary DataSource (Spring Boot's JPA "
			+ "transaction manager, or a JpaTransactionManager of your own for its EntityManagerFactory) the @Primary "
			+ "one, and declare the transaction managers of other databases with @Bean(defaultCandidate = false) or "
			+ "refer to them by name (@Transactional(\"reportingTransactionManager\")).";

	private final ListableBeanFactory beanFactory;

	private final DataSource dataSource;

	private final @Nullable EntityManagerFactory entityManagerFactory;

	ClerkTransactionManagerCheck(ListableBeanFactory beanFactory, DataSource dataSource,
			@Nullable EntityManagerFactory entityManagerFactory) {
		this.beanFactory = beanFactory;
		this.dataSource = dataSource;
		this.entityManagerFactory = entityManagerFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		PlatformTransactionManager manager;
		try {
			manager = this.beanFactory.getBean(PlatformTransactionManager.class);
		}
		catch (NoUniqueBeanDefinitionException ex) {
			throw new ClerkConfigurationException("",
					"clerk-users runs its writes in transactions of the application's transaction manager, but"
							+ " there are several (" + String.join(", ", names()) + ") and none is @Primary",
					ACTION);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new ClerkConfigurationException("",
					"clerk-users runs its writes in transactions of the application's transaction manager, but"
							+ " there is none",
					"Let Spring Boot create its JPA transaction manager (declare no TransactionManager bean), or"
							+ " declare a JpaTransactionManager for the primary DataSource's EntityManagerFactory.");
		}
		if (manager instanceof ResourceTransactionManager resourceManager && !managesOurs(resourceManager)) {
			throw new ClerkConfigurationException("",
					"clerk-users writes to the primary DataSource, but the application's transaction manager ('"
							+ nameOf(manager) + "', " + manager.getClass().getSimpleName()
							+ ") manages another resource, so those writes would run outside any transaction",
					ACTION);
		}
	}

	private boolean managesOurs(ResourceTransactionManager manager) {
		Object resource = manager.getResourceFactory();
		if (resource == this.dataSource || (resource != null && resource == this.entityManagerFactory)) {
			return true;
		}
		return manager instanceof JpaTransactionManager jpa && jpa.getDataSource() == this.dataSource;
	}

	private String nameOf(PlatformTransactionManager manager) {
		for (String name : names()) {
			if (this.beanFactory.getBean(name) == manager) {
				return name;
			}
		}
		return "?";
	}

	private String[] names() {
		String[] names = this.beanFactory.getBeanNamesForType(PlatformTransactionManager.class);
		Arrays.sort(names);
		return names;
	}

}
