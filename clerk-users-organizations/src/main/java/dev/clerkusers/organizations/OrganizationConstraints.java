package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.mirror.PostgresText;
import dev.clerkusers.organizations.api.OrganizationResource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Makes Clerk's data of an organization, a membership or an invitation fit its columns,
 * as the core does for users: cosmetic values never stop the organization from being
 * stored, nor, through it, the memberships that decide access. NUL characters are removed
 * from names and metadata; a name longer than its column is cut (Clerk allows 256
 * characters, the column holds 255); a slug, image URL or invitation URL longer than its
 * column or holding a NUL character is left out (cut, or without it, it would be another
 * slug or URL), and so is a creation time that is no time between 1970 and 9999. What
 * identifies or orders a record, or decides access, is never changed: an id, a role or an
 * invitation's address that is missing, holds a NUL character or is longer than its
 * column, or an {@code updated_at} that is missing or no time between 1970 and 9999,
 * fails the record as bad data, with an error that names it. Each change is logged.
 */
final class OrganizationConstraints {

	private static final Log logger = LogFactory.getLog(OrganizationConstraints.class);

	/** The length of the name and slug columns. */
	static final int MAX_NAME_LENGTH = 255;

	/** The length of the image URL and invitation URL columns. */
	static final int MAX_URL_LENGTH = 2048;

	/** The length of the Clerk id columns. */
	static final int MAX_ID_LENGTH = 255;

	/** The length of the role columns. */
	static final int MAX_ROLE_LENGTH = 100;

	/** The length of an invitation's address column. */
	static final int MAX_EMAIL_LENGTH = 320;

	/** The {@code org:} prefix of role keys, written once or more. */
	private static final Pattern ROLE_PREFIXES = Pattern.compile("^(org:)*");

	private OrganizationConstraints() {
	}

	/**
	 * Makes an organization's data fit the columns.
	 * @param data the organization
	 * @return the data that fits, the same instance when nothing had to change
	 */
	static OrganizationResource fit(OrganizationResource data) {
		orderingTime("organization " + data.id(), data.updatedAt());
		List<String> changes = new ArrayList<>();
		Long createdAt = data.createdAt();
		if (!ClerkResource.isStorable(createdAt)) {
			changes.add("created_at left out (" + createdAt + ", no time between 1970 and 9999)");
			createdAt = null;
		}
		String name = PostgresText.cut("name", PostgresText.clean(data.name()), MAX_NAME_LENGTH, changes);
		String slug = PostgresText.leaveOut("slug", data.slug(), MAX_NAME_LENGTH, changes);
		String imageUrl = PostgresText.leaveOut("image_url", data.imageUrl(), MAX_URL_LENGTH, changes);
		Map<String, @Nullable Object> publicMetadata = metadata(data.publicMetadata());
		Map<String, @Nullable Object> privateMetadata = metadata(data.privateMetadata());
		if (!Objects.equals(publicMetadata, data.publicMetadata())
				|| !Objects.equals(privateMetadata, data.privateMetadata())) {
			changes.add("NUL characters removed from metadata");
		}
		if (changes.isEmpty() && Objects.equals(name, data.name()) && Objects.equals(slug, data.slug())
				&& Objects.equals(imageUrl, data.imageUrl())) {
			return data;
		}
		if (!changes.isEmpty()) {
			logger
				.warn("Clerk organization " + data.id() + " does not fit the organizations table as it is: " + changes);
		}
		return new OrganizationResource(data.id(), name, slug, imageUrl, data.membersCount(),
				data.pendingInvitationsCount(), data.maxAllowedMemberships(), publicMetadata, privateMetadata,
				data.createdBy(), createdAt, data.updatedAt());
	}

	/**
	 * The {@code updated_at} of an organization, a membership or an invitation, which
	 * orders its changes: data without it could not be told from a late copy of older
	 * data.
	 * @param record what the time is of, for the message ({@code membership orgmem_…})
	 * @param epochMillis the time Clerk sent
	 * @return the time
	 * @throws MalformedClerkDataException when Clerk sent none, or one that is no time
	 * between 1970 and 9999
	 */
	static Instant orderingTime(String record, @Nullable Long epochMillis) {
		if (epochMillis == null) {
			throw new MalformedClerkDataException("Clerk " + record + " has no updated_at, which orders its changes");
		}
		if (!ClerkResource.isStorable(epochMillis)) {
			throw new MalformedClerkDataException("Clerk " + record + " has an updated_at (" + epochMillis
					+ ") that is no time between 1970 and 9999");
		}
		return Instant.ofEpochMilli(epochMillis);
	}

	/**
	 * A Clerk id that a record must have.
	 * @param what the id, for the message ({@code organization id})
	 * @param value the id Clerk sent
	 * @return the id
	 * @throws MalformedClerkDataException when it is missing or longer than its column
	 */
	static String clerkId(String what, @Nullable String value) {
		return required("Clerk data has no " + what, "Clerk data's " + what, value, MAX_ID_LENGTH);
	}

	/**
	 * The role of a membership or an invitation, which decides access: never cut, nor
	 * taken for another.
	 * @param record what the role is of, for the message ({@code membership orgmem_…})
	 * @param role the role Clerk sent
	 * @return the role
	 * @throws MalformedClerkDataException when it is missing, the {@code org:} prefix
	 * alone (the key of no role, as a check reads it), holds a NUL character or is longer
	 * than its column
	 */
	static String role(String record, @Nullable String role) {
		String missing = "Clerk " + record + " has no role";
		String checked = required(missing, "Clerk " + record + "'s role", role, MAX_ROLE_LENGTH);
		// As a check reads it (Clerk's prefixWithOrg): the prefix, however often
		// written, and nothing else is the key of no role.
		if (ROLE_PREFIXES.matcher(checked).replaceFirst("").isBlank()) {
			throw new MalformedClerkDataException(missing + " (its role '" + checked + "' is the prefix alone)");
		}
		return checked;
	}

	/**
	 * Checks the permissions of a membership, which decide access: never cleaned.
	 * @param record what the permissions are of, for the message ({@code membership
	 * orgmem_…})
	 * @param permissions the permissions Clerk sent, or {@code null} for none
	 * @throws MalformedClerkDataException when one is {@code null}, blank, or holds a NUL
	 * character
	 */
	static void permissions(String record, @Nullable List<String> permissions) {
		if (permissions == null) {
			return;
		}
		for (int i = 0; i < permissions.size(); i++) {
			@Nullable String permission = permissions.get(i);
			String named = "Clerk " + record + "'s permissions[" + i + "]";
			if (permission == null) {
				throw new MalformedClerkDataException(named + " is null, not a permission");
			}
			if (permission.isBlank()) {
				throw new MalformedClerkDataException(named + " is blank, not a permission");
			}
			if (PostgresText.hasUnstorable(permission)) {
				throw new MalformedClerkDataException(
						named + " contains a NUL character or a lone surrogate, which the database cannot store");
			}
		}
	}

	/**
	 * The address an invitation is for.
	 * @param record the invitation, for the message ({@code invitation orginv_…})
	 * @param emailAddress the address Clerk sent
	 * @return the address
	 * @throws MalformedClerkDataException when it is missing, holds a NUL character or is
	 * longer than its column
	 */
	static String invitationAddress(String record, @Nullable String emailAddress) {
		return required("Clerk " + record + " has no email_address", "Clerk " + record + "'s email_address",
				emailAddress, MAX_EMAIL_LENGTH);
	}

	/**
	 * An invitation's URL, which decides nothing: left out, and logged, when it is longer
	 * than its column.
	 * @param record the invitation, for the log ({@code invitation orginv_…})
	 * @param url the URL Clerk sent
	 * @return the URL, or {@code null} when Clerk sent none or one that does not fit
	 */
	static @Nullable String invitationUrl(String record, @Nullable String url) {
		List<String> changes = new ArrayList<>(1);
		String fitted = PostgresText.leaveOut("url", url, MAX_URL_LENGTH, changes);
		if (!changes.isEmpty()) {
			logger.warn("Clerk " + record + " does not fit the organizations tables as it is: " + changes);
		}
		return fitted;
	}

	/**
	 * A value that identifies a record or decides access, as it came: never cut nor
	 * cleaned.
	 * @param missing the message when it is missing
	 * @param named the value, named for the other messages
	 */
	private static String required(String missing, String named, @Nullable String value, int max) {
		if (value == null || !StringUtils.hasText(value)) {
			throw new MalformedClerkDataException(missing);
		}
		if (PostgresText.hasUnstorable(value)) {
			throw new MalformedClerkDataException(
					named + " contains a NUL character or a lone surrogate, which the database cannot store");
		}
		if (PostgresText.length(value) > max) {
			throw new MalformedClerkDataException(
					named + " is longer than " + max + " characters, and cannot be stored");
		}
		return value;
	}

	/**
	 * A time that decides nothing (when a membership began, when an invitation was made
	 * or expires): left out, and logged, when it is no time between 1970 and 9999.
	 * @param record what the time is of, for the log ({@code membership orgmem_…})
	 * @param field the time's field
	 * @param epochMillis the time Clerk sent
	 * @return the time, or {@code null} when Clerk sent none or one that cannot be stored
	 */
	static @Nullable Instant cosmeticTime(String record, String field, @Nullable Long epochMillis) {
		if (!ClerkResource.isStorable(epochMillis)) {
			logger.warn("Clerk " + record + " does not fit the organizations tables as it is: [" + field + " left out ("
					+ epochMillis + ", no time between 1970 and 9999)]");
			return null;
		}
		return ClerkResource.instant(epochMillis);
	}

	/**
	 * Metadata that PostgreSQL can store: without NUL characters, which Clerk lets a
	 * frontend write, and which must cost no membership or invitation its change.
	 * @param metadata the metadata, or {@code null}
	 * @return the metadata without them, or {@code null}
	 */
	static @Nullable Map<String, @Nullable Object> metadata(@Nullable Map<String, @Nullable Object> metadata) {
		return (metadata != null) ? PostgresText.clean(metadata) : null;
	}

}
