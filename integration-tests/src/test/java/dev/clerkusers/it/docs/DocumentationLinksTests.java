package dev.clerkusers.it.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page in docs/ can be reached from the README, and every relative link of the
 * README and the pages leads to a file that exists and, with an anchor, to a heading of
 * that file.
 */
class DocumentationLinksTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Path DOCS = ROOT.resolve("docs");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

	@Test
	void everyPageIsReachableFromTheReadme() throws IOException {
		Set<Path> reached = new TreeSet<>();
		List<Path> toVisit = new ArrayList<>(List.of(ROOT.resolve("README.md")));
		while (!toVisit.isEmpty()) {
			Path page = toVisit.remove(0);
			if (!reached.add(page)) {
				continue;
			}
			for (Path target : links(page)) {
				if (target.toString().endsWith(".md") && Files.isRegularFile(target)) {
					toVisit.add(target);
				}
			}
		}
		assertThat(reached).as("pages reached from README.md").containsAll(pages());
	}

	@Test
	void everyRelativeLinkLeadsSomewhere() throws IOException {
		List<String> broken = new ArrayList<>();
		List<Path> sources = new ArrayList<>(pages());
		sources.add(ROOT.resolve("README.md"));
		for (Path page : sources) {
			Matcher link = LINK.matcher(Files.readString(page));
			while (link.find()) {
				String href = link.group(1);
				if (href.contains("://") || href.startsWith("mailto:")) {
					continue;
				}
				String file = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
				String anchor = href.contains("#") ? href.substring(href.indexOf('#') + 1) : null;
				Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
				if (!Files.exists(target)) {
					broken.add(ROOT.relativize(page) + ": " + href + " (no such file)");
				}
				else if (anchor != null && !anchors(target).contains(anchor)) {
					broken.add(ROOT.relativize(page) + ": " + href + " (no such heading)");
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	private static List<Path> links(Path page) throws IOException {
		List<Path> targets = new ArrayList<>();
		Matcher link = LINK.matcher(Files.readString(page));
		while (link.find()) {
			String href = link.group(1);
			if (!href.contains("://") && !href.startsWith("#")) {
				String file = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
				targets.add(page.getParent().resolve(file).normalize());
			}
		}
		return targets;
	}

	/**
	 * The anchors GitHub gives a page's headings: lower case, punctuation removed, spaces
	 * as hyphens.
	 */
	private static Set<String> anchors(Path page) throws IOException {
		Set<String> anchors = new TreeSet<>();
		if (!page.toString().endsWith(".md")) {
			return anchors;
		}
		Matcher heading = HEADING.matcher(Files.readString(page));
		while (heading.find()) {
			anchors.add(heading.group(1)
				.trim()
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^\\p{L}\\p{N} _-]", "")
				.replace(' ', '-'));
		}
		return anchors;
	}

	private static List<Path> pages() throws IOException {
		try (Stream<Path> files = Files.list(DOCS)) {
			return files.filter((file) -> file.toString().endsWith(".md")).sorted().toList();
		}
	}

}
