package dev.clerkusers.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box run 312 F5: read back from Java serialization (a session store, a remote
 * call), the exception had no errors list at all (it was not serialized), so that
 * {@code getErrors()} returned {@code null} and every check of it threw. Clerk's errors
 * are serialized with it.
 */
class ClerkApiExceptionTests {

	@Test
	void anExceptionReadBackFromSerializationAnswersItsChecks() throws Exception {
		ClerkApiException thrown = new ClerkApiException(404,
				List.of(new ClerkApiError("resource_not_found", "not found", "Not found",
						JsonMapper.shared()
							.readValue("{\"param_name\": \"user_id\", \"ids\": [1, 2.5, true]}", Map.class))),
				"trace-1", null, "Clerk answered 404");
		ClerkApiException read = roundTrip(thrown);
		assertThat(read.getStatus()).isEqualTo(404);
		assertThat(read.getMessage()).isEqualTo(thrown.getMessage());
		assertThat(read.getErrors()).isEqualTo(thrown.getErrors());
		assertThat(read.hasErrorCode("resource_not_found")).isTrue();
		assertThat(read.isNotFound()).isTrue();
		assertThat(read.isUnavailable()).isFalse();
	}

	private static ClerkApiException roundTrip(ClerkApiException exception) throws IOException, ClassNotFoundException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(exception);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (ClerkApiException) in.readObject();
		}
	}

}
