package dev.clerkusers.user;

import java.util.Locale;

import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.api.UserResource;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The checks every value written to {@code clerk_users} passes: a Clerk id that is not
 * blank or padded, emails with a lower-case domain, and no value longer than its column.
 */
final class UserConstraints {

	private UserConstraints() {
	}

	/**
	 * Checks Clerk's data of a user before anything is stored.
	 * @param data the Clerk user
	 * @return its Clerk id
	 * @throws MalformedClerkDataException when it has no id
	 * @throws InvalidUserException when a value is longer than its column
	 */
	static String validate(UserResource data) {
		String clerkId = data.id();
		if (!StringUtils.hasText(clerkId)) {
			throw new MalformedClerkDataException("Clerk user data has no id");
		}
		requireClerkId(clerkId);
		checkLength("first_name", data.firstName(), ClerkUser.MAX_NAME_LENGTH);
		checkLength("last_name", data.lastName(), ClerkUser.MAX_NAME_LENGTH);
		checkLength("image_url", data.imageUrl(), ClerkUser.MAX_IMAGE_URL_LENGTH);
		checkLength("username", data.username(), ClerkUser.MAX_USERNAME_LENGTH);
		if (data.emailAddresses() != null) {
			for (EmailAddressResource address : data.emailAddresses()) {
				checkLength("email_address", address.emailAddress(), ClerkUser.MAX_EMAIL_LENGTH);
			}
		}
		return clerkId;
	}

	/**
	 * Checks a Clerk id.
	 * @param clerkId the id
	 * @throws InvalidUserException when it is blank, padded or too long
	 */
	static void requireClerkId(String clerkId) {
		if (!StringUtils.hasText(clerkId) || !clerkId.equals(clerkId.trim()) || clerkId.indexOf('\u001F') >= 0) {
			throw new InvalidUserException("A Clerk id must not be blank or padded: '" + clerkId + "'");
		}
		checkLength("clerk_id", clerkId, ClerkUser.MAX_CLERK_ID_LENGTH);
	}

	/**
	 * Checks the length of a value.
	 * @param field the column, for the message
	 * @param value the value, or {@code null}
	 * @param max the longest value accepted
	 * @throws InvalidUserException when it is longer
	 */
	static void checkLength(String field, @Nullable String value, int max) {
		if (value != null && value.length() > max) {
			throw new InvalidUserException(
					field + " is " + value.length() + " characters long; at most " + max + " are allowed");
		}
	}

	/**
	 * Normalises an email the way Django does: trimmed, with the domain part in lower
	 * case.
	 * @param email the email
	 * @return the normalised email
	 * @throws InvalidUserException when the value is not an email address or is too long
	 */
	static String normalizeEmail(String email) {
		String trimmed = email.trim();
		int at = trimmed.lastIndexOf('@');
		if (at <= 0 || at == trimmed.length() - 1 || trimmed.chars().anyMatch(Character::isWhitespace)) {
			throw new InvalidUserException("'" + email + "' is not an email address");
		}
		checkLength("email", trimmed, ClerkUser.MAX_EMAIL_LENGTH);
		return trimmed.substring(0, at) + "@" + trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
	}

}
