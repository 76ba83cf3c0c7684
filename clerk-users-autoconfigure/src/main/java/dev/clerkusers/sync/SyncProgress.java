package dev.clerkusers.sync;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Told after each page of a sync, with the counts so far.
 */
@FunctionalInterface
public interface SyncProgress {

	/**
	 * A page was synced.
	 * @param soFar the counts so far (its {@code pages} is the page number)
	 */
	void pageDone(SyncSummary soFar);

	/**
	 * Progress written to the log at INFO, a line per page.
	 * @return the progress
	 */
	static SyncProgress logging() {
		Log logger = LogFactory.getLog(SyncProgress.class);
		return (soFar) -> logger.info("Page " + soFar.pages() + " of " + soFar.describe());
	}

}
