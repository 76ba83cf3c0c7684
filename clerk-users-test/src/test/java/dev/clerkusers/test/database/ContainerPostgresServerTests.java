package dev.clerkusers.test.database;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ContainerPostgresServerTests {

	@AfterEach
	void clearImage() {
		System.clearProperty(ContainerPostgresServer.IMAGE_PROPERTY);
	}

	@Test
	void withoutDockerTheContainerSideFailsFirstNamingTheSetting() {
		assertThatIllegalStateException().isThrownBy(() -> ContainerPostgresServer.requireDocker(false))
			.withMessageContaining("clerk.test.database=container")
			.withMessageContaining("no Docker engine answers")
			.withMessageContaining("auto or embedded")
			.withNoCause();
		assertThatNoException().isThrownBy(() -> ContainerPostgresServer.requireDocker(true));
	}

	/**
	 * Docker answers, but cannot start the container: Ryuk's or PostgreSQL's image is not
	 * on the machine and no registry answers. The failure names the setting and the
	 * images, with Testcontainers' own failure as its cause.
	 */
	@Test
	void aContainerDockerCannotStartFailsNamingTheSettingAndTheImages() {
		RuntimeException testcontainers = new RuntimeException(
				"Can't get Docker image: RemoteDockerImage(imageName=testcontainers/ryuk:0.14.0)");
		assertThat(ContainerPostgresServer.notStarted(testcontainers))
			.hasMessageContaining("clerk.test.database=container")
			.hasMessageContaining("Can't get Docker image")
			.hasMessageContaining(ContainerPostgresServer.image())
			.hasMessageContaining("testcontainers/ryuk:0.14.0 unless TESTCONTAINERS_RYUK_DISABLED=true")
			.hasMessageContaining("auto")
			.hasCause(testcontainers);
	}

	@Test
	void theImageCanBeOverriddenForAMirrorOrAPinnedVersion() {
		System.setProperty(ContainerPostgresServer.IMAGE_PROPERTY, " mirror.example.com/library/postgres:16 ");
		assertThat(ContainerPostgresServer.image()).isEqualTo("mirror.example.com/library/postgres:16");
	}

	@Test
	void aBlankOverrideKeepsTheDefaultImage() {
		System.setProperty(ContainerPostgresServer.IMAGE_PROPERTY, " ");
		assertThat(ContainerPostgresServer.image()).isIn(ContainerPostgresServer.DEFAULT_IMAGE,
				System.getenv("CLERK_TEST_DATABASE_IMAGE"));
	}

}
