package dev.clerkusers.organizations;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import org.jspecify.annotations.Nullable;

/**
 * The rows a page of listed memberships may touch (organizations, users and memberships),
 * read with one query per kind for the whole page, and kept current as the page changes
 * them, so that each membership of the page sees the page's own writes.
 */
final class MembershipRows {

	private final Map<String, Organization> organizations = new HashMap<>();

	private final Map<String, ClerkUser> users = new HashMap<>();

	private final Map<String, OrganizationMembership> byKey = new HashMap<>();

	private final Map<String, OrganizationMembership> byClerkId = new HashMap<>();

	private MembershipRows() {
	}

	static MembershipRows load(List<MemberIds> page, OrganizationRepository organizations, ClerkUserService users,
			OrganizationMembershipRepository memberships) {
		Set<String> organizationIds = new LinkedHashSet<>();
		Set<String> userIds = new LinkedHashSet<>();
		Set<String> membershipIds = new LinkedHashSet<>();
		for (MemberIds ids : page) {
			organizationIds.add(ids.organizationId());
			userIds.add(ids.userId());
			membershipIds.add(ids.membershipId());
		}
		MembershipRows rows = new MembershipRows();
		organizations.findByClerkIdIn(organizationIds).forEach(rows::organization);
		users.findAllByClerkId(userIds).forEach(rows::user);
		memberships.findMemberships(organizationIds, userIds).forEach(rows::membership);
		memberships.findByClerkIdIn(membershipIds).forEach(rows::membership);
		return rows;
	}

	@Nullable Organization organization(String clerkId) {
		return this.organizations.get(clerkId);
	}

	void organization(Organization organization) {
		this.organizations.put(organization.getClerkId(), organization);
	}

	@Nullable ClerkUser user(String clerkId) {
		return this.users.get(clerkId);
	}

	void user(ClerkUser user) {
		String clerkId = user.getClerkId();
		if (clerkId != null) {
			this.users.put(clerkId, user);
		}
	}

	/**
	 * The membership of the user in the organization, current or removed, else the one
	 * with the membership's Clerk id.
	 */
	@Nullable OrganizationMembership membership(MemberIds ids) {
		OrganizationMembership member = this.byKey.get(ids.key());
		return (member != null) ? member : this.byClerkId.get(ids.membershipId());
	}

	void membership(OrganizationMembership membership) {
		String userClerkId = membership.getUser().getClerkId();
		if (userClerkId != null) {
			this.byKey.put(MemberIds.key(membership.getOrganization().getClerkId(), userClerkId), membership);
		}
		this.byClerkId.put(membership.getClerkId(), membership);
	}

}
