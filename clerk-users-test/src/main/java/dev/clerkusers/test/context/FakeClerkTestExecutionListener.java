package dev.clerkusers.test.context;

import dev.clerkusers.test.backend.FakeClerkBackend;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Fails a test method during which a route of the context's fake Clerk failed
 * ({@link FakeClerkBackend#verifyNoRouteFailures()}): the call was answered 500, which
 * the application may have handled as an outage, so that the test would pass with a
 * broken route. Registered through {@code META-INF/spring.factories}, as Spring's own
 * listeners are; it does nothing for a context without a fake.
 */
class FakeClerkTestExecutionListener extends AbstractTestExecutionListener {

	/**
	 * After Spring's own listeners (whose order is below 10,000), so that it runs first
	 * after a test method.
	 * @return the order
	 */
	@Override
	public int getOrder() {
		return 10_000;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext()
				.getBeanProvider(FakeClerkBackend.class)
				.forEach(FakeClerkBackend::verifyNoRouteFailures);
		}
	}

}
