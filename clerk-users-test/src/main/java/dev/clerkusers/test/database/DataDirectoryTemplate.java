package dev.clerkusers.test.database;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

/**
 * A PostgreSQL data directory fresh from {@code initdb}, kept on disk so that the next
 * embedded server starts from a copy of it instead of running {@code initdb} again (about
 * 3 s of a test JVM's start on a 2-core machine, against a tenth of that for the copy).
 * <p>
 * The template is written once, by the first server that runs {@code initdb}, before that
 * server first starts: a copy is moved into place in one atomic step, so concurrent test
 * JVMs never see half a template, and the one that loses the race drops its copy. A
 * template that does not start (written by another PostgreSQL version, or damaged) is
 * {@linkplain #discard() discarded} and written again.
 */
final class DataDirectoryTemplate {

	private static final Log logger = LogFactory.getLog(DataDirectoryTemplate.class);

	/** The file zonky locks in a data directory while its server runs. */
	private static final String LOCK_FILE = "epg-lock";

	private final Path template;

	private final Path copies;

	/**
	 * Creates a template.
	 * @param template the directory the template is kept in
	 * @param copies the directory the servers' copies are made in
	 */
	DataDirectoryTemplate(Path template, Path copies) {
		this.template = template;
		this.copies = copies;
	}

	/**
	 * The template shared by the test JVMs of this machine, in the temporary directory.
	 * Its name holds the major version of the kit's PostgreSQL binaries, the version that
	 * decides the data directory's format. The copies are made in zonky's working
	 * directory, whose start-up removes those a stopped JVM left behind.
	 * @return the template
	 */
	static DataDirectoryTemplate shared() {
		String temporary = System.getProperty("java.io.tmpdir");
		return new DataDirectoryTemplate(Path.of(temporary, "clerk-users-postgres-17", "template"),
				Path.of(System.getProperty("ot.epg.working-dir", Path.of(temporary, "embedded-pg").toString())));
	}

	/**
	 * A new data directory copied from the template, for one server.
	 * @return the copy, or {@code null} when there is no template yet
	 */
	@Nullable Path copy() {
		if (!Files.isRegularFile(this.template.resolve("PG_VERSION"))) {
			return null;
		}
		Path copy = this.copies.resolve("clerk-users-" + UUID.randomUUID());
		try {
			copyTree(this.template, copy);
			return copy;
		}
		catch (IOException | UncheckedIOException ex) {
			logger.debug("Could not copy the PostgreSQL data directory template; running initdb", ex);
			delete(copy);
			return null;
		}
	}

	/**
	 * Keeps a data directory that {@code initdb} just wrote as the template, unless there
	 * is one. Never fails: without a template the next server runs {@code initdb}.
	 * @param initialized the data directory, before its server first starts
	 */
	void keep(File initialized) {
		if (Files.exists(this.template)) {
			return;
		}
		Path staging = this.template.resolveSibling("template-" + UUID.randomUUID());
		try {
			copyTree(initialized.toPath(), staging);
			Files.move(staging, this.template, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			// Another JVM wrote it first.
		}
		catch (IOException | UncheckedIOException ex) {
			logger.debug("Could not keep a PostgreSQL data directory template", ex);
		}
		finally {
			delete(staging);
		}
	}

	/**
	 * Removes the template, for one that did not start.
	 */
	void discard() {
		delete(this.template);
	}

	/**
	 * Removes a server's copy.
	 * @param copy the data directory of a stopped server
	 */
	static void delete(Path copy) {
		try {
			FileSystemUtils.deleteRecursively(copy);
		}
		catch (IOException ex) {
			logger.debug("Could not delete " + copy, ex);
		}
	}

	/**
	 * Copies a directory tree with its files' permissions (PostgreSQL refuses a data
	 * directory others can read), leaving out zonky's lock file.
	 */
	private static void copyTree(Path source, Path target) throws IOException {
		Files.createDirectories(target.getParent());
		try (Stream<Path> paths = Files.walk(source)) {
			paths.filter((path) -> !path.getFileName().toString().equals(LOCK_FILE)).forEach((path) -> {
				try {
					Files.copy(path, target.resolve(source.relativize(path).toString()),
							StandardCopyOption.COPY_ATTRIBUTES);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
