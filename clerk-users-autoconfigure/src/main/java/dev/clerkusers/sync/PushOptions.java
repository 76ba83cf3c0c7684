package dev.clerkusers.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which local users to push to Clerk: {@link #all()}, {@link #email(String)} or
 * {@link #createdBefore(Instant)}, as a dry run with {@link #withDryRun(boolean)}. Every
 * user selected is pushed: there is no silent limit. Immutable.
 */
public final class PushOptions {

	private final @Nullable String email;

	private final @Nullable Instant createdBefore;

	private final boolean dryRun;

	private PushOptions(@Nullable String email, @Nullable Instant createdBefore, boolean dryRun) {
		this.email = email;
		this.createdBefore = createdBefore;
		this.dryRun = dryRun;
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

	/**
	 * The only user to push.
	 * @return the email, or {@code null} when the users are not chosen by email
	 */
	public @Nullable String email() {
		return this.email;
	}

	/**
	 * The time before which the users to push were created locally.
	 * @return the time, or {@code null} when the users are not chosen by creation time
	 */
	public @Nullable Instant createdBefore() {
		return this.createdBefore;
	}

	/**
	 * Whether to look users up in Clerk but create and link nothing.
	 * @return whether this is a dry run
	 */
	public boolean dryRun() {
		return this.dryRun;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof PushOptions that) && Objects.equals(this.email, that.email)
				&& Objects.equals(this.createdBefore, that.createdBefore) && this.dryRun == that.dryRun;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.email, this.createdBefore, this.dryRun);
	}

	@Override
	public String toString() {
		return "PushOptions[email=" + this.email + ", createdBefore=" + this.createdBefore + ", dryRun=" + this.dryRun
				+ "]";
	}

}
