package dev.clerkusers.test.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DockerAvailability} answers "no Docker" without asking Testcontainers when
 * nothing on the machine points at a Docker engine, so that an {@code auto} run on a
 * machine without Docker neither waits for Testcontainers nor logs its error block.
 */
class DockerAvailabilityTests {

	private static final String LINUX = "Linux";

	@TempDir
	Path home;

	@Test
	void noSignOfDockerMeansNoDocker() {
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of(), this.home, List.of())).isFalse();
	}

	@Test
	void aTestcontainersPropertiesFileWithoutADockerHostIsNoSignOfDocker() throws IOException {
		// What Testcontainers itself writes on its first contact with a Docker engine: it
		// stays when Docker is gone.
		Files.writeString(this.home.resolve(".testcontainers.properties"), "#Modified by Testcontainers\n"
				+ "docker.client.strategy=org.testcontainers.dockerclient.UnixSocketClientProviderStrategy\n");
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of(), this.home, List.of())).isFalse();
	}

	@Test
	void aTestcontainersPropertiesFileNamingADockerHostIsASign() throws IOException {
		Files.writeString(this.home.resolve(".testcontainers.properties"), "docker.host=tcp://build-host:2375\n");
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of(), this.home, List.of())).isTrue();
	}

	@Test
	void aTestcontainersPropertiesFileNamingATestcontainersHostIsASign() throws IOException {
		Files.writeString(this.home.resolve(".testcontainers.properties"), "tc.host=tcp://127.0.0.1:41234\n");
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of(), this.home, List.of())).isTrue();
	}

	@Test
	void anEmptyDockerHostInTheFileIsNoSign() throws IOException {
		Files.writeString(this.home.resolve(".testcontainers.properties"), "docker.host=\ntc.host=  \n");
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of(), this.home, List.of())).isFalse();
	}

	@Test
	void dockerHostInTheEnvironmentIsASign() {
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of("DOCKER_HOST", "unix:///tmp/docker.sock"), this.home,
				List.of()))
			.isTrue();
	}

	@Test
	void aSocketIsASign() throws IOException {
		Path socket = Files.createFile(this.home.resolve("docker.sock"));
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of(), this.home, List.of(socket))).isTrue();
		Files.createDirectories(this.home.resolve(".docker/run"));
		Files.createFile(this.home.resolve(".docker/run/docker.sock"));
		assertThat(DockerAvailability.mayHaveDocker(LINUX, Map.of(), this.home, List.of())).isTrue();
	}

}
