package dev.clerkusers.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.mirror.PostgresText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The checks every value written to {@code clerk_users} passes: a Clerk id that is not
 * blank or padded, emails with a lower-case domain, and no value longer than its column.
 */
final class UserConstraints {

	private static final Log logger = LogFactory.getLog(UserConstraints.class);

	/**
	 * The longest lockout kept, a thousand years: a later end is no time to store.
	 */
	private static final long MAX_LOCKOUT_SECONDS = 31_557_600_000L;

	private UserConstraints() {
	}

	/**
	 * Checks Clerk's data of a user before anything is stored: only what identifies the
	 * user, orders its changes and decides its access ({@code banned} and {@code locked},
	 * which Clerk always sends: read as {@code false} when missing, a banned user would
	 * be let in again) is required.
	 * @param data the Clerk user
	 * @return its Clerk id
	 * @throws MalformedClerkDataException when it has no id, no {@code updated_at}, no
	 * {@code banned} or no {@code locked}
	 * @throws InvalidUserException when the id is padded or longer than its column
	 */
	static String validate(UserResource data) {
		String clerkId = data.id();
		if (!StringUtils.hasText(clerkId)) {
			throw new MalformedClerkDataException("Clerk user data has no id");
		}
		requireClerkId(clerkId);
		if (data.updatedAt() == null) {
			throw new MalformedClerkDataException(
					"Clerk user " + clerkId + " has no updated_at, which orders its changes");
		}
		if (data.banned() == null || data.locked() == null) {
			throw new MalformedClerkDataException("Clerk user " + clerkId + " has no "
					+ ((data.banned() == null) ? "banned" : "locked") + ", which decides its access");
		}
		return clerkId;
	}

	/**
	 * Makes Clerk's data of a user fit the columns, so that an over-long or unstorable
	 * cosmetic value never stops what decides access (banned, deprovisioned, locked,
	 * deleted, verified addresses) from being applied. NUL characters are removed from
	 * names, the external id and metadata; names longer than their column are cut; an
	 * image URL, username or email address longer than its column or holding a NUL
	 * character is left out (cut, or without it, it would be another URL, username or
	 * address), and so is a creation time that is no time between 1970 and 9999. Each
	 * change is logged.
	 * @param data the Clerk user
	 * @return the data that fits, the same instance when nothing had to change
	 * @throws MalformedClerkDataException when its {@code updated_at}, which orders its
	 * changes, is no time between 1970 and 9999
	 */
	static UserResource fit(UserResource data) {
		if (!ClerkResource.isStorable(data.updatedAt())) {
			throw new MalformedClerkDataException("Clerk user " + data.id() + " has an updated_at (" + data.updatedAt()
					+ ") that is no time between 1970 and 9999");
		}
		List<String> changes = new ArrayList<>();
		Long lockout = data.lockoutExpiresInSeconds();
		if (lockout != null && lockout > MAX_LOCKOUT_SECONDS) {
			// Locked out for good, as without an expiry: a time that far ahead cannot be
			// stored.
			changes.add("lockout_expires_in_seconds left out (" + lockout + ", more than a thousand years)");
			lockout = null;
		}
		Long createdAt = data.createdAt();
		if (!ClerkResource.isStorable(createdAt)) {
			changes.add("created_at left out (" + createdAt + ", no time between 1970 and 9999)");
			createdAt = null;
		}
		String firstName = PostgresText.cut("first_name", PostgresText.clean(data.firstName()),
				ClerkUser.MAX_NAME_LENGTH, changes);
		String lastName = PostgresText.cut("last_name", PostgresText.clean(data.lastName()), ClerkUser.MAX_NAME_LENGTH,
				changes);
		String imageUrl = PostgresText.leaveOut("image_url", data.imageUrl(), ClerkUser.MAX_IMAGE_URL_LENGTH, changes);
		String username = PostgresText.leaveOut("username", data.username(), ClerkUser.MAX_USERNAME_LENGTH, changes);
		List<EmailAddressResource> addresses = null;
		if (data.emailAddresses() != null) {
			addresses = new ArrayList<>();
			for (EmailAddressResource address : data.emailAddresses()) {
				if (PostgresText.leaveOut("email address " + address.id(), address.emailAddress(),
						ClerkUser.MAX_EMAIL_LENGTH, changes) == null && address.emailAddress() != null) {
					continue;
				}
				addresses.add(address);
			}
		}
		Map<String, @Nullable Object> publicMetadata = clean(data.publicMetadata());
		Map<String, @Nullable Object> privateMetadata = clean(data.privateMetadata());
		Map<String, @Nullable Object> unsafeMetadata = clean(data.unsafeMetadata());
		boolean nul = !Objects.equals(publicMetadata, data.publicMetadata())
				|| !Objects.equals(privateMetadata, data.privateMetadata())
				|| !Objects.equals(unsafeMetadata, data.unsafeMetadata());
		if (nul) {
			changes.add("NUL characters removed from metadata");
		}
		if (changes.isEmpty() && Objects.equals(firstName, data.firstName())
				&& Objects.equals(lastName, data.lastName())) {
			return data;
		}
		if (!changes.isEmpty()) {
			logger.warn("Clerk user " + data.id() + " does not fit the users table as it is: " + changes);
		}
		return new UserResource(data.id(), PostgresText.clean(data.externalId()), username, firstName, lastName,
				imageUrl, data.primaryEmailAddressId(), addresses, publicMetadata, privateMetadata, unsafeMetadata,
				data.banned(), data.locked(), data.deprovisioned(), lockout, createdAt, data.updatedAt());
	}

	private static @Nullable Map<String, @Nullable Object> clean(@Nullable Map<String, @Nullable Object> metadata) {
		return (metadata != null) ? PostgresText.clean(metadata) : null;
	}

	/**
	 * Checks a Clerk id.
	 * @param clerkId the id
	 * @throws InvalidUserException when it is missing, blank, padded, too long or holds a
	 * NUL character
	 */
	static void requireClerkId(@Nullable String clerkId) {
		String problem = clerkIdProblem(clerkId);
		if (problem != null) {
			throw new InvalidUserException(problem);
		}
	}

	/**
	 * What keeps a value from being a Clerk id the users table can hold.
	 * @param clerkId the value
	 * @return why it cannot be one, or {@code null} when it can
	 */
	static @Nullable String clerkIdProblem(@Nullable String clerkId) {
		if (clerkId != null && PostgresText.hasUnstorable(clerkId)) {
			return nulProblem("A Clerk id");
		}
		if (!StringUtils.hasText(clerkId) || !clerkId.equals(clerkId.trim()) || clerkId.indexOf('\u001F') >= 0) {
			return "A Clerk id must not be blank or padded: '" + clerkId + "'";
		}
		return lengthProblem("clerk_id", clerkId, ClerkUser.MAX_CLERK_ID_LENGTH);
	}

	/**
	 * Checks the length of a value.
	 * @param field the column, for the message
	 * @param value the value, or {@code null}
	 * @param max the longest value accepted
	 * @throws InvalidUserException when it is longer
	 */
	static void checkLength(String field, @Nullable String value, int max) {
		String problem = lengthProblem(field, value, max);
		if (problem != null) {
			throw new InvalidUserException(problem);
		}
	}

	private static @Nullable String lengthProblem(String field, @Nullable String value, int max) {
		if (value != null && PostgresText.length(value) > max) {
			return field + " is " + PostgresText.length(value) + " characters long; at most " + max + " are allowed";
		}
		return null;
	}

	/**
	 * Normalises an email the way Django does: trimmed, with the domain part in lower
	 * case (its ASCII letters: see {@link EmailAddressResource#fold(String)}).
	 * @param email the email
	 * @return the normalised email
	 * @throws InvalidUserException when the value is not an email address, is too long or
	 * holds a NUL character
	 */
	static String normalizeEmail(String email) {
		String trimmed = email.trim();
		if (PostgresText.hasUnstorable(trimmed)) {
			throw new InvalidUserException(nulProblem("An email address"));
		}
		int at = trimmed.lastIndexOf('@');
		if (at <= 0 || at == trimmed.length() - 1 || trimmed.chars().anyMatch(Character::isWhitespace)) {
			throw new InvalidUserException("'" + email + "' is not an email address");
		}
		checkLength("email", trimmed, ClerkUser.MAX_EMAIL_LENGTH);
		return trimmed.substring(0, at) + "@" + EmailAddressResource.fold(trimmed.substring(at + 1));
	}

	/**
	 * Why a value with a NUL character cannot be stored: PostgreSQL refuses the
	 * character, and removed, the value would be another one. The value is not shown, so
	 * that logs hold no such character.
	 */
	private static String nulProblem(String what) {
		return what + " must not hold a NUL character or a lone surrogate, which PostgreSQL cannot store";
	}

}
