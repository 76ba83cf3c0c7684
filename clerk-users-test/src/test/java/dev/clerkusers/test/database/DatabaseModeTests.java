package dev.clerkusers.test.database;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DatabaseModeTests {

	@Test
	void defaultsToAuto() {
		assertThat(DatabaseMode.from(new MockEnvironment())).isEqualTo(DatabaseMode.AUTO);
		assertThat(DatabaseMode.parse("  ")).isEqualTo(DatabaseMode.AUTO);
	}

	@Test
	void readsTheModeInAnyCase() {
		assertThat(DatabaseMode.from(new MockEnvironment().withProperty("clerk.test.database", "Embedded")))
			.isEqualTo(DatabaseMode.EMBEDDED);
		assertThat(DatabaseMode.parse("CONTAINER")).isEqualTo(DatabaseMode.CONTAINER);
	}

	@Test
	void forcedModesDoNotAskDocker() {
		assertThat(DatabaseMode.EMBEDDED.usesContainer()).isFalse();
		assertThat(DatabaseMode.CONTAINER.usesContainer()).isTrue();
	}

	@Test
	void refusesAnUnknownModeNamingTheChoices() {
		assertThatIllegalStateException().isThrownBy(() -> DatabaseMode.parse("docker"))
			.withMessageContaining("clerk.test.database")
			.withMessageContaining("auto, container or embedded");
	}

}
