package dev.clerkusers.organizations.api;

import java.util.List;

import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.ClerkApiTransport;
import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.api.Page;
import dev.clerkusers.api.UserListQuery;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.Assert;

/**
 * Clerk's Backend API endpoints for organizations, one call each, over the core's
 * {@link ClerkApiTransport}: every failure is a {@link ClerkApiException}. A blank id (of
 * an organization or a user) is refused with an {@link IllegalArgumentException} before
 * any request, as {@code ClerkApiClient} refuses one: in the path it would name another
 * endpoint (the listing of organizations, for {@code GET /organizations/}).
 */
public class ClerkOrganizationsApi {

	private static final ParameterizedTypeReference<Page<JsonNode>> JSON_PAGE = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<Page<OrganizationMembershipResource>> MEMBERSHIPS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<Page<OrganizationInvitationResource>> INVITATIONS = new ParameterizedTypeReference<>() {
	};

	private final ClerkApiTransport transport;

	/**
	 * Creates the endpoints.
	 * @param transport the Backend API transport
	 */
	public ClerkOrganizationsApi(ClerkApiTransport transport) {
		this.transport = transport;
	}

	/**
	 * {@code GET /organizations}: one page of organizations, oldest first, with their
	 * member counts, each read as {@link ClerkResource#read(JsonNode, Class)} reads it.
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 * @throws MalformedClerkDataException when one of them cannot be read; use
	 * {@link #listOrganizationJson(int, int)} to read the others
	 */
	public Page<OrganizationResource> listOrganizations(int limit, int offset) {
		return read(listOrganizationJson(limit, offset), OrganizationResource.class);
	}

	/**
	 * {@code GET /organizations}: one page of organizations as Clerk sent them, for a
	 * caller that reads each with {@link ClerkResource#read(JsonNode, Class)} and must
	 * not lose the others to one it cannot read (a sync).
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 */
	public Page<JsonNode> listOrganizationJson(int limit, int offset) {
		Page.checkBounds(limit, offset);
		return this.transport.call((client) -> client.get()
			.uri("/organizations",
					(builder) -> builder.queryParam("limit", limit)
						.queryParam("offset", offset)
						.queryParam("order_by", "+created_at")
						.queryParam("include_members_count", true)
						.build())
			.retrieve()
			.body(JSON_PAGE));
	}

	/**
	 * {@code GET /organizations/{id}}, read as
	 * {@link ClerkResource#read(JsonNode, Class)} reads it.
	 * @param idOrSlug the organization id or slug
	 * @return the organization
	 * @throws ClerkApiException with status 404 when there is none
	 * @throws MalformedClerkDataException when Clerk's answer cannot be read
	 * @throws IllegalArgumentException when the id or slug is blank
	 */
	public OrganizationResource getOrganization(String idOrSlug) {
		Assert.hasText(idOrSlug, "idOrSlug must not be blank");
		JsonNode organization = this.transport
			.call((client) -> client.get().uri("/organizations/{id}", idOrSlug).retrieve().body(JsonNode.class));
		return ClerkResource.read(organization, OrganizationResource.class);
	}

	/**
	 * {@code GET /organization_memberships}: one page of every membership of the
	 * instance, oldest first, each read as {@link ClerkResource#read(JsonNode, Class)}
	 * reads it.
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 * @throws MalformedClerkDataException when one of them cannot be read; use
	 * {@link #listAllOrganizationMembershipJson(int, int)} to read the others
	 */
	public Page<OrganizationMembershipResource> listAllOrganizationMemberships(int limit, int offset) {
		return read(listAllOrganizationMembershipJson(limit, offset), OrganizationMembershipResource.class);
	}

	/**
	 * {@code GET /organization_memberships}: one page of every membership of the
	 * instance, oldest first, as Clerk sent them (see
	 * {@link #listOrganizationJson(int, int)}).
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 */
	public Page<JsonNode> listAllOrganizationMembershipJson(int limit, int offset) {
		Page.checkBounds(limit, offset);
		return this.transport.call((client) -> client.get()
			.uri("/organization_memberships",
					(builder) -> builder.queryParam("limit", limit)
						.queryParam("offset", offset)
						.queryParam("order_by", "+created_at")
						.build())
			.retrieve()
			.body(JSON_PAGE));
	}

	private static <T extends ClerkResource> Page<T> read(Page<JsonNode> page, Class<T> type) {
		return new Page<>(page.data().stream().map((json) -> ClerkResource.read(json, type)).toList(),
				page.totalCount());
	}

	/**
	 * {@code GET /organizations/{id}/memberships}: one page of an organization's
	 * memberships, oldest first (so that pages stay put while members are added).
	 * @param organizationId the organization id
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 * @throws IllegalArgumentException when the organization id is blank, or the bounds
	 * are out of range
	 */
	public Page<OrganizationMembershipResource> listOrganizationMemberships(String organizationId, int limit,
			int offset) {
		Assert.hasText(organizationId, "organizationId must not be blank");
		Page.checkBounds(limit, offset);
		return this.transport.call((client) -> client.get()
			.uri("/organizations/{id}/memberships",
					(builder) -> builder.queryParam("limit", limit)
						.queryParam("offset", offset)
						.queryParam("order_by", "+created_at")
						.build(organizationId))
			.retrieve()
			.body(MEMBERSHIPS));
	}

	/**
	 * {@code GET /organizations/{id}/memberships?user_id=…}: the memberships these users
	 * still have in an organization, each read as
	 * {@link ClerkResource#read(JsonNode, Class)} reads it.
	 * @param organizationId the organization id
	 * @param userIds 1 to {@value dev.clerkusers.api.UserListQuery#MAX_IDS} user ids
	 * @return the memberships Clerk has, at most one per user
	 * @throws MalformedClerkDataException when one of them cannot be read; use
	 * {@link #listOrganizationMembershipJsonOfUsers(String, List)} to read the others
	 */
	public List<OrganizationMembershipResource> listOrganizationMembershipsOfUsers(String organizationId,
			List<String> userIds) {
		return listOrganizationMembershipJsonOfUsers(organizationId, userIds).stream()
			.map((json) -> ClerkResource.read(json, OrganizationMembershipResource.class))
			.toList();
	}

	/**
	 * {@code GET /organizations/{id}/memberships?user_id=…}: the memberships these users
	 * still have in an organization, as Clerk sent them (see
	 * {@link #listOrganizationJson(int, int)}).
	 * @param organizationId the organization id
	 * @param userIds 1 to {@value dev.clerkusers.api.UserListQuery#MAX_IDS} user ids
	 * @return the memberships Clerk has, at most one per user
	 * @throws IllegalArgumentException when an id is blank, or there are no user ids or
	 * too many
	 */
	public List<JsonNode> listOrganizationMembershipJsonOfUsers(String organizationId, List<String> userIds) {
		Assert.hasText(organizationId, "organizationId must not be blank");
		userIds.forEach((userId) -> Assert.hasText(userId, "a user id must not be blank"));
		if (userIds.isEmpty() || userIds.size() > UserListQuery.MAX_IDS) {
			throw new IllegalArgumentException("Between 1 and " + UserListQuery.MAX_IDS
					+ " user ids can be asked for at once, not " + userIds.size());
		}
		Page<JsonNode> page = this.transport.call((client) -> client.get()
			.uri("/organizations/{id}/memberships",
					(builder) -> builder.queryParam("limit", userIds.size())
						.queryParam("user_id", userIds.toArray())
						.build(organizationId))
			.retrieve()
			.body(JSON_PAGE));
		return page.data();
	}

	/**
	 * {@code GET /organizations/{id}/invitations}: one page of an organization's
	 * invitations.
	 * @param organizationId the organization id
	 * @param status only invitations in this state ({@code pending}, {@code accepted},
	 * {@code revoked}, {@code expired}), or {@code null} for all
	 * @param limit how many, 1 to 500
	 * @param offset how many to skip
	 * @return the page
	 * @throws IllegalArgumentException when the organization id is blank, or the bounds
	 * are out of range
	 */
	public Page<OrganizationInvitationResource> listOrganizationInvitations(String organizationId,
			@Nullable String status, int limit, int offset) {
		Assert.hasText(organizationId, "organizationId must not be blank");
		Page.checkBounds(limit, offset);
		return this.transport.call((client) -> client.get().uri("/organizations/{id}/invitations", (builder) -> {
			builder.queryParam("limit", limit).queryParam("offset", offset);
			if (status != null) {
				builder.queryParam("status", status);
			}
			return builder.build(organizationId);
		}).retrieve().body(INVITATIONS));
	}

}
