package dev.clerkusers.test.context;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.clerkusers.test.backend.FakeClerkBackend;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Black-box run 198, F2: a route whose handler threw was answered 500, which an
 * application takes for an outage it handles (a user stored {@code sync_pending}), so the
 * test passed and the broken route was a warning in the log. The test during which a
 * route failed fails, through the kit's test execution listener, which Spring's test
 * framework finds by itself.
 */
class FakeClerkTestExecutionListenerTests {

	@Test
	void aTestDuringWhichARouteFailedFailsWithTheHandlersException() throws Exception {
		TestContextManager manager = new TestContextManager(SampleTests.class);
		SampleTests instance = new SampleTests();
		manager.prepareTestInstance(instance);
		Method test = SampleTests.class.getDeclaredMethod("aTest");
		try {
			manager.beforeTestMethod(instance, test);
			FakeClerkBackend clerk = manager.getTestContext().getApplicationContext().getBean(FakeClerkBackend.class);
			IllegalStateException broken = new IllegalStateException("a bug in the test's own handler");
			clerk.route("GET", "/v1/users/(.+)", (request, groups) -> {
				throw broken;
			});
			assertThat(get(clerk, "/users/user_1").statusCode()).isEqualTo(500);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> manager.afterTestMethod(instance, test, null))
				.withMessageContaining("GET /v1/users/user_1")
				.withMessageContaining("a bug in the test's own handler")
				.withCause(broken);

			manager.beforeTestMethod(instance, test);
			clerk.reset();
			assertThat(get(clerk, "/users/user_1").statusCode()).isEqualTo(404);
			assertThatNoException().isThrownBy(() -> manager.afterTestMethod(instance, test, null));
		}
		finally {
			manager.afterTestClass();
		}
	}

	private static HttpResponse<String> get(FakeClerkBackend clerk, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + path))
				.header("Authorization", "Bearer " + clerk.secretKey())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@ContextConfiguration(classes = SampleTests.Empty.class)
	@AutoConfigureFakeClerk
	@DirtiesContext
	static class SampleTests {

		void aTest() {
		}

		@Configuration(proxyBeanMethods = false)
		static class Empty {

		}

	}

}
