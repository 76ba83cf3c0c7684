package dev.clerkusers.test.database;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Whether the images the container side needs are at hand: on this machine, or pulled
 * from a registry that answers. Asked by {@link DatabaseMode#AUTO} once Docker answers,
 * so that a machine with Docker and no registry (offline, or behind a firewall) uses the
 * embedded PostgreSQL at once instead of waiting minutes for Testcontainers' pulls to
 * time out and then failing every test.
 * <p>
 * The images are the PostgreSQL image and, unless {@code TESTCONTAINERS_RYUK_DISABLED} is
 * {@code true}, Testcontainers' Ryuk, both as Testcontainers' image name substitution
 * names them. A missing image is pulled now; a registry that gives no answer within
 * {@value #FIRST_ANSWER_SECONDS} seconds counts as unreachable. The answer is computed
 * once per JVM.
 */
final class ContainerImages {

	/**
	 * The image of Testcontainers' Ryuk, as the Testcontainers version this kit is built
	 * with names it (its {@code RyukContainer} takes no configured name).
	 */
	static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";

	/** How long a pull may take to give its first answer. */
	static final int FIRST_ANSWER_SECONDS = 15;

	private static final Log logger = LogFactory.getLog(ContainerImages.class);

	private static volatile @Nullable Boolean atHand;

	private ContainerImages() {
	}

	/**
	 * Whether the container side's images are at hand, asking the Docker engine that
	 * answered (call only when {@link DockerAvailability#isAvailable()}).
	 * @return {@code true} when every image is on this machine or was pulled now
	 */
	static boolean areAtHand() {
		Boolean result = atHand;
		if (result == null) {
			synchronized (ContainerImages.class) {
				result = atHand;
				if (result == null) {
					result = askDocker();
					atHand = result;
				}
			}
		}
		return result;
	}

	private static boolean askDocker() {
		// A client of its own: Testcontainers' own client starts Ryuk, which needs its
		// image.
		DockerClient client = DockerAvailability.newClient();
		try {
			return areAtHand(images(), (image) -> isPresent(client, image),
					(image) -> pull(client, image, Duration.ofSeconds(FIRST_ANSWER_SECONDS)));
		}
		catch (RuntimeException ex) {
			logger.warn("Docker answered, then failed while the images were looked up (" + ex
					+ "): using the embedded PostgreSQL instead.");
			return false;
		}
		finally {
			try {
				client.close();
			}
			catch (IOException ex) {
				// Nothing to release that matters to the tests.
			}
		}
	}

	/**
	 * Whether every image is present or can be pulled, logging why not.
	 * @param images the images
	 * @param present whether an image is on this machine
	 * @param pull pulls an image, returning {@code null} when it was pulled, or why not
	 * @return {@code true} when every image is at hand
	 */
	static boolean areAtHand(List<String> images, Predicate<String> present, Pull pull) {
		for (String image : images) {
			if (present.test(image)) {
				continue;
			}
			String failure = pull.pull(image);
			if (failure != null) {
				logger.warn("Docker answers, but the image " + image
						+ " is not on this machine and could not be pulled (" + failure
						+ "): using the embedded PostgreSQL instead. Make the image available (docker pull, "
						+ "docker load, or another image in " + ContainerPostgresServer.IMAGE_PROPERTY
						+ (image.contains("ryuk") ? ", or TESTCONTAINERS_RYUK_DISABLED=true" : "") + "), or set "
						+ DatabaseMode.PROPERTY + "=container to wait for Testcontainers' own pull.");
				return false;
			}
		}
		return true;
	}

	/**
	 * The images the container side needs, as Testcontainers will ask Docker for them.
	 */
	private static List<String> images() {
		List<String> images = new ArrayList<>();
		images.add(substituted(
				DockerImageName.parse(ContainerPostgresServer.image()).asCompatibleSubstituteFor("postgres")));
		if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
			images.add(substituted(DockerImageName.parse(RYUK_IMAGE)));
		}
		return images;
	}

	private static String substituted(DockerImageName image) {
		return ImageNameSubstitutor.instance().apply(image).asCanonicalNameString();
	}

	private static boolean isPresent(DockerClient client, String image) {
		try {
			client.inspectImageCmd(image).exec();
			return true;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

	/**
	 * Pulls an image, giving up when the registry gives no first answer in time.
	 */
	private static @Nullable String pull(DockerClient client, String image, Duration firstAnswer) {
		DockerImageName name = DockerImageName.parse(image);
		PullProgress progress = new PullProgress();
		try (PullProgress callback = client.pullImageCmd(name.getUnversionedPart())
			.withTag(name.getVersionPart())
			.exec(progress)) {
			if (!callback.answered.await(firstAnswer.toSeconds(), TimeUnit.SECONDS)) {
				return "no answer from its registry in " + firstAnswer.toSeconds() + " s";
			}
			callback.awaitCompletion();
			return (callback.failure != null) ? callback.failure.getMessage() : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		catch (IOException | RuntimeException ex) {
			return ex.toString();
		}
	}

	/**
	 * Pulls an image: {@code null} when it was pulled, otherwise why not.
	 */
	@FunctionalInterface
	interface Pull {

		@Nullable String pull(String image);

	}

	/**
	 * Follows a pull: its first answer, and its end.
	 */
	private static final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {

		private final CountDownLatch answered = new CountDownLatch(1);

		private volatile @Nullable Throwable failure;

		@Override
		public void onNext(PullResponseItem item) {
			if (item.getErrorDetail() != null) {
				this.failure = new IllegalStateException(item.getErrorDetail().getMessage());
			}
			this.answered.countDown();
		}

		@Override
		public void onError(Throwable throwable) {
			this.failure = throwable;
			this.answered.countDown();
			super.onError(throwable);
		}

		@Override
		public void onComplete() {
			this.answered.countDown();
			super.onComplete();
		}

	}

}
