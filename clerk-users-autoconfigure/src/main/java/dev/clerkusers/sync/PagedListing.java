package dev.clerkusers.sync;

import java.util.List;
import java.util.function.Consumer;

/**
 * The page loop of a sync step: lists pages of a Clerk collection from the options'
 * offset until a short page, an empty page or the options' limit, hands each page to the
 * step, counts pages and API calls, and reports progress.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API (see
 * {@code docs/versioning.md}).
 */
public final class PagedListing {

	private PagedListing() {
	}

	/**
	 * Lists every page.
	 * @param <T> the listed type
	 * @param options the offset, limit and page size
	 * @param counter counts pages and calls
	 * @param progress told after each page
	 * @param lister lists one page
	 * @param page stores one page (and counts what it did)
	 */
	public static <T> void forEachPage(SyncOptions options, SyncCounter counter, SyncProgress progress,
			Lister<T> lister, Consumer<List<T>> page) {
		int offset = options.offset();
		long listed = 0;
		while (true) {
			int size = options.nextPageSize(listed);
			if (size == 0) {
				return;
			}
			int from = offset;
			List<T> items = SyncFailures.abortingOnOutage(
					"listing " + counter.summary().step() + " from offset " + offset, () -> lister.list(from, size));
			if (items.isEmpty()) {
				counter.apiCall();
				return;
			}
			counter.page();
			page.accept(items);
			offset += items.size();
			listed += items.size();
			progress.pageDone(counter.summary());
			if (items.size() < size) {
				return;
			}
		}
	}

	/**
	 * Lists one page of a collection.
	 *
	 * @param <T> the listed type
	 */
	@FunctionalInterface
	public interface Lister<T> {

		/**
		 * Lists a page.
		 * @param offset how many to skip
		 * @param size how many to list
		 * @return the page, shorter than {@code size} at the end
		 */
		List<T> list(int offset, int size);

	}

}
