package dev.clerkusers.test.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers. On Linux and macOS, when no {@code DOCKER_HOST} is
 * set, no Testcontainers configuration exists and none of the usual sockets is there, the
 * answer is no without asking Testcontainers (which takes a while and logs an error block
 * when it finds nothing). Otherwise Testcontainers decides. The answer is computed once
 * per JVM.
 */
final class DockerAvailability {

	private static volatile @Nullable Boolean available;

	private DockerAvailability() {
	}

	static boolean isAvailable() {
		Boolean result = available;
		if (result == null) {
			synchronized (DockerAvailability.class) {
				result = available;
				if (result == null) {
					result = mayHaveDocker() && DockerClientFactory.instance().isDockerAvailable();
					available = result;
				}
			}
		}
		return result;
	}

	private static boolean mayHaveDocker() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (os.contains("win")) {
			return true;
		}
		if (System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null) {
			return true;
		}
		Path home = Path.of(System.getProperty("user.home", "."));
		List<Path> hints = List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"),
				home.resolve(".testcontainers.properties"), home.resolve(".docker/run/docker.sock"),
				home.resolve(".colima/default/docker.sock"), home.resolve(".rd/docker.sock"),
				Path.of("/run/user/" + uid() + "/docker.sock"), Path.of("/run/user/" + uid() + "/podman/podman.sock"));
		return hints.stream().anyMatch(Files::exists);
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
