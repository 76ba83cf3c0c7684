package dev.clerkusers.test.webhook;

import java.util.Map;

import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkInvitationBuilder;
import dev.clerkusers.test.data.ClerkJson;
import dev.clerkusers.test.data.ClerkMembershipBuilder;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.data.ClerkSessionBuilder;
import dev.clerkusers.test.data.ClerkUserBuilder;

/**
 * Realistic Clerk webhook events.
 *
 * <pre class="code">
 * ClerkEvent created = ClerkEvents.userCreated(ClerkData.user("user_1").email("ada@example.com"));
 * ClerkEvent deleted = ClerkEvents.userDeleted("user_1");
 * </pre>
 */
public final class ClerkEvents {

	private ClerkEvents() {
	}

	/**
	 * A {@code user.created} event.
	 * @param user the user
	 * @return the event
	 */
	public static ClerkEvent userCreated(ClerkUserBuilder user) {
		return of("user.created", user);
	}

	/**
	 * A {@code user.updated} event.
	 * @param user the user, with its new {@code updated_at}
	 * @return the event
	 */
	public static ClerkEvent userUpdated(ClerkUserBuilder user) {
		return of("user.updated", user);
	}

	/**
	 * A {@code user.deleted} event, whose data is Clerk's deleted object
	 * ({@code {"object": "user", "id": …, "deleted": true}}).
	 * @param userId the user id
	 * @return the event
	 */
	public static ClerkEvent userDeleted(String userId) {
		return of("user.deleted", ClerkData.deleted("user", userId, null));
	}

	/**
	 * A {@code session.created} event.
	 * @param session the session
	 * @return the event
	 */
	public static ClerkEvent sessionCreated(ClerkSessionBuilder session) {
		return of("session.created", session);
	}

	/**
	 * A {@code session.ended} event.
	 * @param session the session
	 * @return the event
	 */
	public static ClerkEvent sessionEnded(ClerkSessionBuilder session) {
		return of("session.ended", session.status("ended"));
	}

	/**
	 * A {@code session.revoked} event.
	 * @param session the session
	 * @return the event
	 */
	public static ClerkEvent sessionRevoked(ClerkSessionBuilder session) {
		return of("session.revoked", session.status("revoked"));
	}

	/**
	 * An {@code organization.created} event.
	 * @param organization the organization
	 * @return the event
	 */
	public static ClerkEvent organizationCreated(ClerkOrganizationBuilder organization) {
		return of("organization.created", organization);
	}

	/**
	 * An {@code organization.updated} event.
	 * @param organization the organization
	 * @return the event
	 */
	public static ClerkEvent organizationUpdated(ClerkOrganizationBuilder organization) {
		return of("organization.updated", organization);
	}

	/**
	 * An {@code organization.deleted} event (a deleted object).
	 * @param organizationId the organization id
	 * @return the event
	 */
	public static ClerkEvent organizationDeleted(String organizationId) {
		return of("organization.deleted", ClerkData.deleted("organization", organizationId, null));
	}

	/**
	 * An {@code organizationMembership.created} event.
	 * @param membership the membership
	 * @return the event
	 */
	public static ClerkEvent membershipCreated(ClerkMembershipBuilder membership) {
		return of("organizationMembership.created", membership);
	}

	/**
	 * An {@code organizationMembership.updated} event.
	 * @param membership the membership
	 * @return the event
	 */
	public static ClerkEvent membershipUpdated(ClerkMembershipBuilder membership) {
		return of("organizationMembership.updated", membership);
	}

	/**
	 * An {@code organizationMembership.deleted} event (Clerk sends the whole membership).
	 * @param membership the membership, with the removal time as its {@code updated_at}
	 * @return the event
	 */
	public static ClerkEvent membershipDeleted(ClerkMembershipBuilder membership) {
		return of("organizationMembership.deleted", membership);
	}

	/**
	 * An {@code organizationInvitation.created} event.
	 * @param invitation the invitation
	 * @return the event
	 */
	public static ClerkEvent invitationCreated(ClerkInvitationBuilder invitation) {
		return of("organizationInvitation.created", invitation);
	}

	/**
	 * An {@code organizationInvitation.accepted} event.
	 * @param invitation the invitation
	 * @return the event
	 */
	public static ClerkEvent invitationAccepted(ClerkInvitationBuilder invitation) {
		return of("organizationInvitation.accepted", invitation.status("accepted"));
	}

	/**
	 * An {@code organizationInvitation.revoked} event.
	 * @param invitation the invitation
	 * @return the event
	 */
	public static ClerkEvent invitationRevoked(ClerkInvitationBuilder invitation) {
		return of("organizationInvitation.revoked", invitation.status("revoked"));
	}

	/**
	 * Any event.
	 * @param type the event type
	 * @param data the data object
	 * @return the event
	 */
	public static ClerkEvent of(String type, ClerkJson data) {
		return new ClerkEvent(type, data.toMap());
	}

	/**
	 * Any event.
	 * @param type the event type
	 * @param data the data object
	 * @return the event
	 */
	public static ClerkEvent of(String type, Map<String, Object> data) {
		return new ClerkEvent(type, data);
	}

}
