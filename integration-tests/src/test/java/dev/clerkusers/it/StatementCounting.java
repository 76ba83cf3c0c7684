package dev.clerkusers.it;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts every JDBC statement the application opens, whatever opens it: Hibernate,
 * {@code JdbcTemplate}, or plain JDBC. Import it into a test and inject
 * {@link StatementCounter}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounting {

	@Bean
	StatementCounter statementCounter() {
		return new StatementCounter();
	}

	@Bean
	static BeanPostProcessor countingDataSource(
			org.springframework.beans.factory.ObjectProvider<StatementCounter> counter) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && !(bean instanceof CountingDataSource)) {
					return new CountingDataSource(dataSource, counter.getObject());
				}
				return bean;
			}

		};
	}

	/**
	 * The count of statements opened.
	 */
	public static final class StatementCounter {

		private final AtomicLong statements = new AtomicLong();

		/**
		 * How many statements were opened since the last reset.
		 * @return the count
		 */
		public long count() {
			return this.statements.get();
		}

		/**
		 * Starts counting from zero.
		 */
		public void reset() {
			this.statements.set(0);
		}

	}

	static final class CountingDataSource extends DelegatingDataSource {

		private static final Set<String> STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

		private final StatementCounter counter;

		CountingDataSource(DataSource dataSource, StatementCounter counter) {
			super(dataSource);
			this.counter = counter;
		}

		@Override
		public Connection getConnection() throws SQLException {
			return counting(super.getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return counting(super.getConnection(username, password));
		}

		private Connection counting(Connection connection) {
			InvocationHandler handler = (proxy, method, args) -> invoke(connection, method, args);
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, handler);
		}

		private @Nullable Object invoke(Connection connection, Method method, Object @Nullable [] args)
				throws Throwable {
			if (STATEMENTS.contains(method.getName())) {
				this.counter.statements.incrementAndGet();
			}
			try {
				return method.invoke(connection, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

	}

}
