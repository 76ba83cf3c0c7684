package dev.clerkusers.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which local users to push to Clerk. Every user selected is pushed: there is no silent
 * limit.
 *
 * @param email only the user with this email, or {@code null}
 * @param createdBefore only users created locally before this time, or {@code null}
 * @param dryRun whether to look users up in Clerk but create and link nothing
 */
public record PushOptions(@Nullable String email, @Nullable Instant createdBefore, boolean dryRun) {

	/**
	 * Validates the options.
	 * @param email only the user with this email, or {@code null}
	 * @param createdBefore only users created before this time, or {@code null}
	 * @param dryRun whether to change nothing
	 * @throws IllegalArgumentException when both an email and a time are given
	 */
	public PushOptions {
		if (email != null && createdBefore != null) {
			throw new IllegalArgumentException("Choose the users by email or by creation date, not both");
		}
	}

	/**
	 * Every local user with an email and no Clerk id.
	 * @return the options
	 */
	public static PushOptions all() {
		return new PushOptions(null, null, false);
	}

	/**
	 * The user with this email.
	 * @param email the email
	 * @return the options
	 * @throws NullPointerException for {@code null}, which would choose every user
	 */
	public static PushOptions email(String email) {
		return new PushOptions(Objects.requireNonNull(email, "No email given: push every user with PushOptions.all()"),
				null, false);
	}

	/**
	 * The users created locally before a time.
	 * @param createdBefore the time
	 * @return the options
	 * @throws NullPointerException for {@code null}, which would choose every user
	 */
	public static PushOptions createdBefore(Instant createdBefore) {
		return new PushOptions(null,
				Objects.requireNonNull(createdBefore, "No time given: push every user with PushOptions.all()"), false);
	}

	/**
	 * Users created locally before the start of a day, in UTC.
	 * @param date the day, {@code yyyy-MM-dd}
	 * @return the options
	 * @throws java.time.format.DateTimeParseException when the date is not
	 * {@code yyyy-MM-dd}
	 */
	public static PushOptions createdBefore(String date) {
		return createdBefore(LocalDate.parse(date).atStartOfDay().toInstant(ZoneOffset.UTC));
	}

	/**
	 * A copy that is a dry run or not.
	 * @param dryRun whether to change nothing
	 * @return the options
	 */
	public PushOptions withDryRun(boolean dryRun) {
		return new PushOptions(this.email, this.createdBefore, dryRun);
	}

}
