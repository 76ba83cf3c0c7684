package dev.clerkusers.actuate;

import java.io.EOFException;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 503 the operator endpoints answer when the database cannot serve them.
 */
class OperatorResponsesTests {

	/**
	 * Black-box run 154, F1: a connection cut under the driver ends in a cause without a
	 * message (an {@link EOFException}), and the answer said "(null)" where the
	 * database's reason belongs; it names the deepest reason given.
	 */
	@Test
	void aLostConnectionIsAnsweredWithTheDriversReasonNotNull() {
		SQLException lost = new SQLException("The connection attempt failed.", "08001", new EOFException());
		WebEndpointResponse<Object> answer = OperatorResponses.onStoredEvents(() -> {
			throw new DataAccessResourceFailureException("Unable to acquire JDBC Connection", lost);
		});
		assertThat(answer.getStatus()).isEqualTo(503);
		assertThat((Map<Object, Object>) answer.getBody()).containsEntry("status", "unavailable")
			.containsEntry("message",
					"The database could not serve the operation (The connection attempt failed.); try again shortly");
	}

	/**
	 * Without any message in the chain, the answer names the failure's type.
	 */
	@Test
	void aFailureWithoutAnyMessageIsNamedByItsType() {
		WebEndpointResponse<Object> answer = OperatorResponses.onStoredEvents(() -> {
			throw new DataAccessResourceFailureException("", new SQLException(null, "08006", new EOFException()));
		});
		assertThat(answer.getStatus()).isEqualTo(503);
		assertThat((Map<Object, Object>) answer.getBody()).containsEntry("message",
				"The database could not serve the operation (EOFException); try again shortly");
	}

}
