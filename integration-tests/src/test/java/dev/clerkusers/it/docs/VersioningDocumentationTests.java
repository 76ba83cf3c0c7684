package dev.clerkusers.it.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/versioning.md names every class and member that its Javadoc calls internal, so
 * that what is not public API is found in one place.
 */
class VersioningDocumentationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final String INTERNAL = "Internal to clerk-users";

	private static final Pattern TYPE = Pattern
		.compile("public (?:final |abstract )*(?:class|interface|record) (\\w+)");

	/** A member after its Javadoc: a method, a nested type or a constant. */
	private static final Pattern MEMBER = Pattern.compile("public (?:static )?(?:final )?(?:"
			+ "(?:class|interface|record|enum) (?<type>\\w+)|[\\w<>, ?.@]+ (?<method>\\w+)\\(|[\\w<>, ?.]+ (?<constant>[A-Z_]+) =)");

	@Test
	void everyClassOrMemberDocumentedAsInternalIsListed() throws IOException {
		String versioning = Files.readString(ROOT.resolve("docs/versioning.md")).replaceAll("\\s+", " ");
		List<String> internal = internalNames();
		assertThat(internal).as("the sources name some internal classes").isNotEmpty();
		assertThat(internal).allSatisfy((name) -> assertThat(versioning).contains("`" + name + "`"));
	}

	/**
	 * {@code package.Type} for a type whose own Javadoc says it is internal,
	 * {@code Type.method()}, {@code Type.Nested} or {@code Type.CONSTANT} for each member
	 * whose Javadoc does.
	 */
	private static List<String> internalNames() throws IOException {
		List<String> names = new ArrayList<>();
		try (Stream<Path> sources = Files.walk(ROOT)) {
			for (Path source : sources.filter(VersioningDocumentationTests::isLibrarySource).toList()) {
				String text = Files.readString(source);
				Matcher type = TYPE.matcher(text);
				for (int mark = text.indexOf(INTERNAL); mark >= 0; mark = text.indexOf(INTERNAL, mark + 1)) {
					assertThat(type.find(0)).as(source.toString()).isTrue();
					if (mark < type.start()) {
						names.add(source.getParent().getFileName() + "." + type.group(1));
						continue;
					}
					Matcher member = MEMBER.matcher(text);
					assertThat(member.find(mark)).as(source + " after " + mark).isTrue();
					names.add(type.group(1) + "."
							+ ((member.group("type") != null) ? member.group("type") : (member.group("method") != null)
									? member.group("method") + "()" : member.group("constant")));
				}
			}
		}
		return names;
	}

	private static boolean isLibrarySource(Path path) {
		String name = ROOT.relativize(path).toString().replace('\\', '/');
		return name.startsWith("clerk-users-") && name.contains("/src/main/java/") && name.endsWith(".java");
	}

}
