package dev.clerkusers.autoconfigure;

import java.util.Arrays;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.annotation.TransactionManagementConfigurer;
import org.springframework.transaction.jta.JtaTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * Checks at startup that each transaction manager the library's writes run in manages the
 * database it writes to. The library finds one in three ways, as Spring does for any
 * code: its beans are given the application's transaction manager (the only one, the
 * {@code @Primary} one, or the one named {@code transactionManager}); its own
 * {@code @Transactional} methods take the {@link TransactionManagementConfigurer}'s, else
 * the only or {@code @Primary} one; and its Spring Data repositories take the one named
 * {@code transactionManager}. Each must be a JTA transaction manager, or a
 * {@link JpaTransactionManager} of the library's {@code EntityManagerFactory} over its
 * {@code DataSource} (the JDBC writes, locks and notifications join the JPA transaction
 * only through that {@code DataSource}). Otherwise the library's writes would run outside
 * any transaction, or fail: a failed webhook would stay applied and be marked processed,
 * and a pool with auto-commit off would lose them. The application does not start, and
 * {@link ClerkConfigurationFailureAnalyzer} says what to do.
 */
class ClerkTransactionManagerCheck implements SmartInitializingSingleton {

	/**
	 * The name Spring Data's repositories look their transaction manager up by, and the
	 * one Spring Boot gives its own.
	 */
	static final String DEFAULT_NAME = "transactionManager";

	private static final String ACTION = "Name the transaction manager of the primary DataSource 'transactionManager'"
			+ " and make it the @Primary one (Spring Boot's JPA transaction manager is both, when the application"
			+ " declares none), a JpaTransactionManager of its EntityManagerFactory; declare the transaction managers"
			+ " of other databases under other names, with @Bean(defaultCandidate = false), or refer to them by name"
			+ " (@Transactional(\"reportingTransactionManager\")).";

	private final ListableBeanFactory beanFactory;

	private final TransactionManager injected;

	private final DataSource dataSource;

	private final @Nullable EntityManagerFactory entityManagerFactory;

	/**
	 * Creates the check.
	 * @param beanFactory the bean factory, to find the managers of the repositories and
	 * of {@code @Transactional}
	 * @param injected the transaction manager given to the library's beans
	 * @param dataSource the library's {@code DataSource}
	 * @param entityManagerFactory the library's {@code EntityManagerFactory}, or
	 * {@code null} without JPA
	 */
	ClerkTransactionManagerCheck(ListableBeanFactory beanFactory, TransactionManager injected, DataSource dataSource,
			@Nullable EntityManagerFactory entityManagerFactory) {
		this.beanFactory = beanFactory;
		this.injected = injected;
		this.dataSource = dataSource;
		this.entityManagerFactory = entityManagerFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		check(this.injected, "the application's transaction manager");
		check(annotationDriven(), "the transaction manager of its @Transactional methods");
		if (!this.beanFactory.containsBean(DEFAULT_NAME)) {
			throw new ClerkConfigurationException("", "clerk-users's repositories run in the transaction manager"
					+ " named '" + DEFAULT_NAME + "', as Spring Data's do, and there is none", ACTION);
		}
		check(this.beanFactory.getBean(DEFAULT_NAME, TransactionManager.class),
				"the transaction manager of its repositories");
	}

	/**
	 * The manager of the library's {@code @Transactional} methods, found as Spring's
	 * {@code TransactionInterceptor} finds it.
	 */
	private TransactionManager annotationDriven() {
		TransactionManagementConfigurer configurer = this.beanFactory
			.getBeanProvider(TransactionManagementConfigurer.class)
			.getIfUnique();
		TransactionManager configured = (configurer != null) ? configurer.annotationDrivenTransactionManager() : null;
		if (configured != null) {
			return configured;
		}
		try {
			return this.beanFactory.getBean(TransactionManager.class);
		}
		catch (NoUniqueBeanDefinitionException ex) {
			throw new ClerkConfigurationException("",
					"clerk-users's @Transactional methods run in the application's transaction manager, but there are"
							+ " several (" + String.join(", ", names()) + ") and none is @Primary",
					ACTION);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new ClerkConfigurationException("",
					"clerk-users runs its writes in transactions of the application's transaction manager, but"
							+ " there is none",
					"Let Spring Boot create its JPA transaction manager (declare no TransactionManager bean), or"
							+ " declare a JpaTransactionManager named 'transactionManager' for the primary"
							+ " DataSource's EntityManagerFactory.");
		}
	}

	private void check(TransactionManager manager, String role) {
		if (manager instanceof JtaTransactionManager || !(manager instanceof ResourceTransactionManager resources)) {
			// JTA manages every resource; of another kind of manager nothing can be told.
			return;
		}
		String described = "'" + nameOf(manager) + "' (" + manager.getClass().getSimpleName() + ")";
		if (this.entityManagerFactory == null) {
			DataSource jpaDataSource = (manager instanceof JpaTransactionManager jpa) ? jpa.getDataSource() : null;
			if (!TransactionSynchronizationUtils.sameResourceFactory(resources, unwrap(this.dataSource))
					&& (jpaDataSource == null || unwrap(jpaDataSource) != unwrap(this.dataSource))) {
				throw new ClerkConfigurationException("", "clerk-users writes to the primary DataSource, but " + role
						+ ", " + described + ", manages another database", ACTION);
			}
			return;
		}
		if (!(manager instanceof JpaTransactionManager jpa)) {
			throw new ClerkConfigurationException("",
					"clerk-users writes through the primary DataSource's EntityManagerFactory, but " + role + ", "
							+ described + ", manages "
							+ (TransactionSynchronizationUtils.sameResourceFactory(resources, unwrap(this.dataSource))
									? "that DataSource, not its EntityManagerFactory" : "another database"),
					ACTION);
		}
		if (!TransactionSynchronizationUtils.sameResourceFactory(jpa, this.entityManagerFactory)) {
			throw new ClerkConfigurationException("", "clerk-users writes through the primary DataSource's"
					+ " EntityManagerFactory, but " + role + ", " + described + ", manages another database", ACTION);
		}
		DataSource managed = jpa.getDataSource();
		if (managed == null || unwrap(managed) != unwrap(this.dataSource)) {
			throw new ClerkConfigurationException("",
					"clerk-users's JDBC writes join the transactions of " + role + ", " + described
							+ ", only through the DataSource the library uses, but that manager has "
							+ ((managed != null) ? "another one" : "none") + ", so they would run outside them",
					"Give the JpaTransactionManager the primary DataSource (setDataSource), or let Spring Boot"
							+ " create it.");
		}
	}

	private static Object unwrap(DataSource dataSource) {
		DataSource target = (dataSource instanceof TransactionAwareDataSourceProxy proxy) ? proxy.getTargetDataSource()
				: dataSource;
		return TransactionSynchronizationUtils.unwrapResourceIfNecessary((target != null) ? target : dataSource);
	}

	private String nameOf(TransactionManager manager) {
		for (String name : names()) {
			if (this.beanFactory.getBean(name) == manager) {
				return name;
			}
		}
		return manager.getClass().getSimpleName();
	}

	private String[] names() {
		String[] names = this.beanFactory.getBeanNamesForType(TransactionManager.class);
		Arrays.sort(names);
		return names;
	}

}
