package dev.clerkusers.it.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A pooler in transaction pooling mode, as PgBouncer's {@code pool_mode=transaction} is,
 * in a few lines: its clients' connections lend a server connection (here, one of a fixed
 * set of real PostgreSQL sessions, in turn) for each statement in autocommit mode, and
 * for the length of a transaction otherwise, never one that another client's transaction
 * holds. What a statement leaves in its session (a session advisory lock, a
 * {@code LISTEN}) stays there, for the next client that gets it.
 */
final class TransactionPooler extends AbstractDataSource implements AutoCloseable {

	private final List<Connection> sessions = new ArrayList<>();

	private final Set<Connection> inTransaction = new HashSet<>();

	private int next;

	private TransactionPooler(List<Connection> sessions) {
		this.sessions.addAll(sessions);
	}

	/**
	 * Opens server sessions to a database.
	 * @param database the database
	 * @param sessions how many server sessions
	 * @return the pooler
	 * @throws SQLException when a session cannot be opened
	 */
	static TransactionPooler of(DataSource database, int sessions) throws SQLException {
		List<Connection> opened = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			opened.add(database.getConnection());
		}
		return new TransactionPooler(opened);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				new Client());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return getConnection();
	}

	@Override
	public void close() throws SQLException {
		for (Connection session : this.sessions) {
			session.close();
		}
	}

	/**
	 * The next server session in turn that no client's transaction holds.
	 */
	private synchronized Connection nextSession() throws SQLException {
		for (int tried = 0; tried < this.sessions.size(); tried++) {
			Connection session = this.sessions.get(this.next);
			this.next = (this.next + 1) % this.sessions.size();
			if (!this.inTransaction.contains(session)) {
				return session;
			}
		}
		throw new SQLException("Every server session is held by a client's transaction");
	}

	private synchronized Connection beginTransaction() throws SQLException {
		Connection session = nextSession();
		this.inTransaction.add(session);
		return session;
	}

	private synchronized void endTransaction(Connection session) {
		this.inTransaction.remove(session);
	}

	/**
	 * A client's connection: a session of its own only while a transaction is open.
	 */
	private final class Client implements java.lang.reflect.InvocationHandler {

		private boolean autoCommit = true;

		private Connection session;

		private boolean closed;

		Client() throws SQLException {
			this.session = nextSession();
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
			switch (method.getName()) {
				case "close" -> {
					if (!this.autoCommit) {
						this.session.rollback();
						this.session.setAutoCommit(true);
						endTransaction(this.session);
					}
					this.closed = true;
					return null;
				}
				case "isClosed" -> {
					return this.closed;
				}
				case "getAutoCommit" -> {
					return this.autoCommit;
				}
				case "setAutoCommit" -> {
					boolean autoCommit = (boolean) arguments[0];
					if (autoCommit != this.autoCommit) {
						if (autoCommit) {
							// Ends the transaction, as JDBC says; the session goes back.
							this.session.setAutoCommit(true);
							endTransaction(this.session);
						}
						else {
							this.session = beginTransaction();
							this.session.setAutoCommit(false);
						}
						this.autoCommit = autoCommit;
					}
					return null;
				}
				case "commit", "rollback" -> {
					invokeOn(this.session, method, arguments);
					return null;
				}
				default -> {
					if (this.autoCommit && method.getName().matches("createStatement|prepareStatement|prepareCall")) {
						this.session = nextSession();
					}
					return invokeOn(this.session, method, arguments);
				}
			}
		}

		private static Object invokeOn(Connection session, Method method, Object[] arguments) throws Throwable {
			try {
				return method.invoke(session, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
