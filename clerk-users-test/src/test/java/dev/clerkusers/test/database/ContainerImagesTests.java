package dev.clerkusers.test.database;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContainerImages} lets {@code auto} choose the container only when every image it
 * needs is on the machine or could be pulled now; one that cannot be had sends the tests
 * to the embedded PostgreSQL at once. The Docker calls are replaced here by their
 * answers; CI's container pass runs the check against a real Docker engine without a
 * registry.
 */
class ContainerImagesTests {

	private static final List<String> IMAGES = List.of("postgres:17-alpine", ContainerImages.RYUK_IMAGE);

	private final List<String> pulled = new ArrayList<>();

	@Test
	void imagesOnTheMachineAreAtHandWithoutAPull() {
		assertThat(ContainerImages.areAtHand(IMAGES, (image) -> true, this::pullFails)).isTrue();
		assertThat(this.pulled).isEmpty();
	}

	@Test
	void aMissingImageThatIsPulledIsAtHand() {
		Set<String> present = Set.of("postgres:17-alpine");
		assertThat(ContainerImages.areAtHand(IMAGES, present::contains, this::pullSucceeds)).isTrue();
		assertThat(this.pulled).containsExactly(ContainerImages.RYUK_IMAGE);
	}

	@Test
	void aMissingImageThatCannotBePulledSendsTheTestsToTheEmbeddedServer() {
		assertThat(ContainerImages.areAtHand(IMAGES, (image) -> false, this::pullFails)).isFalse();
		// The first image that cannot be had decides: nothing more is pulled.
		assertThat(this.pulled).containsExactly("postgres:17-alpine");
	}

	@Test
	void theRyukImageIsTheOneTestcontainersStarts() throws IOException {
		// Testcontainers names Ryuk's image in its RyukContainer's constructor, with no
		// setting to read it from: the constant must follow a Testcontainers upgrade.
		String resource = "/org/testcontainers/utility/RyukContainer.class";
		try (InputStream in = GenericContainer.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			Matcher ryuk = Pattern.compile("testcontainers/ryuk:[0-9][0-9A-Za-z._-]*").matcher(constants);
			assertThat(ryuk.find()).as("Ryuk's image named in " + resource).isTrue();
			assertThat(ryuk.group()).isEqualTo(ContainerImages.RYUK_IMAGE);
		}
	}

	private String pullSucceeds(String image) {
		this.pulled.add(image);
		return null;
	}

	private String pullFails(String image) {
		this.pulled.add(image);
		return "no answer from its registry in 15 s";
	}

}
