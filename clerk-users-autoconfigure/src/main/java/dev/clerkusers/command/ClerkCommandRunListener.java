package dev.clerkusers.command;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Closes the application once a command of {@link ClerkCommandRunner} ran and the
 * application's start was announced ({@code ApplicationReadyEvent}) to every listener,
 * the application's own included, so that the process exits. Registered in
 * {@code META-INF/spring.factories}, after Spring Boot's own run listener.
 */
class ClerkCommandRunListener implements SpringApplicationRunListener, Ordered {

	ClerkCommandRunListener(SpringApplication application, String[] args) {
	}

	@Override
	public void ready(ConfigurableApplicationContext context, @Nullable Duration timeTaken) {
		ClerkCommandRunner runner = context.getBeanProvider(ClerkCommandRunner.class).getIfAvailable();
		if (runner != null && runner.hasRun()) {
			SpringApplication.exit(context);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
