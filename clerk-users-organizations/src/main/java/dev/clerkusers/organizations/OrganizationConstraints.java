package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.mirror.PostgresText;
import dev.clerkusers.organizations.api.OrganizationResource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes Clerk's data of an organization fit its columns, as the core does for users: its
 * cosmetic values never stop the organization from being stored, nor, through it, the
 * memberships that decide access. NUL characters are removed everywhere; a name longer
 * than its column is cut (Clerk allows 256 characters, the column holds 255); a slug or
 * image URL longer than its column is left out (cut, it would be another slug or URL),
 * and so is a creation time that is no time between 1970 and 9999; an {@code updated_at}
 * that is none, which orders the changes, fails the record as bad data. Each change is
 * logged.
 */
final class OrganizationConstraints {

	private static final Log logger = LogFactory.getLog(OrganizationConstraints.class);

	/** The length of the name and slug columns. */
	static final int MAX_NAME_LENGTH = 255;

	/** The length of the image URL column. */
	static final int MAX_IMAGE_URL_LENGTH = 2048;

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
		String slug = PostgresText.leaveOut("slug", PostgresText.clean(data.slug()), MAX_NAME_LENGTH, changes);
		String imageUrl = PostgresText.leaveOut("image_url", PostgresText.clean(data.imageUrl()), MAX_IMAGE_URL_LENGTH,
				changes);
		Map<String, @Nullable Object> publicMetadata = clean(data.publicMetadata());
		Map<String, @Nullable Object> privateMetadata = clean(data.privateMetadata());
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
	 * orders its changes.
	 * @param record what the time is of, for the message ({@code membership orgmem_…})
	 * @param epochMillis the time Clerk sent
	 * @return the time, or {@code null} when Clerk sent none
	 * @throws MalformedClerkDataException when it is no time between 1970 and 9999
	 */
	static @Nullable Instant orderingTime(String record, @Nullable Long epochMillis) {
		if (!ClerkResource.isStorable(epochMillis)) {
			throw new MalformedClerkDataException("Clerk " + record + " has an updated_at (" + epochMillis
					+ ") that is no time between 1970 and 9999");
		}
		return ClerkResource.instant(epochMillis);
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

	private static @Nullable Map<String, @Nullable Object> clean(@Nullable Map<String, @Nullable Object> metadata) {
		return (metadata != null) ? PostgresText.clean(metadata) : null;
	}

}
