package dev.clerkusers.test.database;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import org.jspecify.annotations.Nullable;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.InvalidConfigurationException;

/**
 * Whether a Docker engine answers. On Linux and macOS, when no {@code DOCKER_HOST} is
 * set, no Testcontainers configuration names a Docker host and none of the usual sockets
 * is there, the answer is no without asking Testcontainers (which takes a while and logs
 * an error block when it finds nothing). Otherwise Testcontainers' ways of finding Docker
 * decide, without starting anything: asking Testcontainers' own client would start its
 * Ryuk container first, whose image may have to come from a registry. The answer is
 * computed once per JVM.
 */
final class DockerAvailability {

	/** The engine found, empty when none answers; computed on first use. */
	private static volatile @Nullable Optional<DockerClientProviderStrategy> engine;

	private DockerAvailability() {
	}

	static boolean isAvailable() {
		return engine().isPresent();
	}

	/**
	 * A new client of the Docker engine that answered, to be closed by the caller.
	 * @return the client
	 * @throws IllegalStateException when no Docker engine answered
	 */
	static DockerClient newClient() {
		DockerClientProviderStrategy answered = engine()
			.orElseThrow(() -> new IllegalStateException("No Docker engine answered"));
		try {
			return DockerClientProviderStrategy.getClientForConfig(answered.getTransportConfig());
		}
		catch (InvalidConfigurationException ex) {
			throw new IllegalStateException("The Docker engine that answered cannot be reached again", ex);
		}
	}

	private static Optional<DockerClientProviderStrategy> engine() {
		Optional<DockerClientProviderStrategy> result = engine;
		if (result == null) {
			synchronized (DockerAvailability.class) {
				result = engine;
				if (result == null) {
					result = mayHaveDocker() ? answering() : Optional.empty();
					engine = result;
				}
			}
		}
		return result;
	}

	/**
	 * The first of Testcontainers' ways of finding Docker that reaches an engine, as
	 * Testcontainers itself looks for it.
	 */
	private static Optional<DockerClientProviderStrategy> answering() {
		List<DockerClientProviderStrategy> strategies = new ArrayList<>();
		ServiceLoader.load(DockerClientProviderStrategy.class).forEach(strategies::add);
		try {
			return Optional.of(DockerClientProviderStrategy.getFirstValidStrategy(strategies));
		}
		catch (IllegalStateException ex) {
			return Optional.empty();
		}
	}

	private static boolean mayHaveDocker() {
		Path home = Path.of(System.getProperty("user.home", "."));
		String uid = uid();
		List<Path> sockets = List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"),
				Path.of("/run/user/" + uid + "/docker.sock"), Path.of("/run/user/" + uid + "/podman/podman.sock"));
		return mayHaveDocker(System.getProperty("os.name", ""), System.getenv(), home, sockets);
	}

	/**
	 * Whether a Docker engine may answer, without asking it.
	 * @param osName the operating system's name
	 * @param environment the environment variables
	 * @param home the user's home directory
	 * @param sockets the machine-wide sockets a Docker engine may listen on
	 * @return {@code false} when no sign of Docker is there
	 */
	static boolean mayHaveDocker(String osName, Map<String, String> environment, Path home, List<Path> sockets) {
		if (osName.toLowerCase(Locale.ROOT).contains("win")) {
			return true;
		}
		if (environment.get("DOCKER_HOST") != null || environment.get("TESTCONTAINERS_HOST_OVERRIDE") != null) {
			return true;
		}
		List<Path> hints = new ArrayList<>(sockets);
		hints.addAll(List.of(home.resolve(".docker/run/docker.sock"), home.resolve(".colima/default/docker.sock"),
				home.resolve(".rd/docker.sock")));
		return hints.stream().anyMatch(Files::exists) || namesADockerHost(home.resolve(".testcontainers.properties"));
	}

	/**
	 * Whether a Testcontainers configuration file names a Docker host. Testcontainers
	 * writes this file on its first contact with a Docker engine, and it stays when
	 * Docker is gone: its existence alone is no sign of Docker.
	 * @param file the file
	 * @return {@code true} when {@code docker.host} or {@code tc.host} has a value
	 */
	private static boolean namesADockerHost(Path file) {
		if (!Files.isReadable(file)) {
			return false;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			return false;
		}
		return Stream.of("docker.host", "tc.host").map(properties::getProperty).anyMatch(DockerAvailability::hasText);
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	private static String uid() {
		try {
			Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
			return String.valueOf(uid);
		}
		catch (Exception ex) {
			return "0";
		}
	}

}
