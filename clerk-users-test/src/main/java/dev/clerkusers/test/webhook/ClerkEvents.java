package dev.clerkusers.test.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkInvitationBuilder;
import dev.clerkusers.test.data.ClerkJson;
import dev.clerkusers.test.data.ClerkMembershipBuilder;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.data.ClerkRevisioned;
import dev.clerkusers.test.data.ClerkSessionBuilder;
import dev.clerkusers.test.data.ClerkUserBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Clerk webhook events, with data of the shape of Clerk's webhook schema
 * ({@code clerk/openapi-specs}, {@code webhooks/2025-04-15.yml}).
 * <p>
 * Each event built from a builder, except {@code organizationMembership.deleted}, carries
 * a new revision of its data, as a change in Clerk does: {@code updated_at} moves one
 * second past the previous event's from the same builder, unless {@code updatedAt(…)} was
 * set since (see {@link ClerkRevisioned}); the organization that an
 * {@code organizationMembership.created} or {@code .updated} event carries is a revision
 * of its builder too. The envelope's {@code timestamp} is the data's {@code updated_at};
 * for a removal built from a builder one second after it, and for deleted objects built
 * from an id, which have no time, now.
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
		return revision("user.created", user);
	}

	/**
	 * A {@code user.updated} event.
	 * @param user the user, with its new {@code updated_at}
	 * @return the event
	 */
	public static ClerkEvent userUpdated(ClerkUserBuilder user) {
		return revision("user.updated", user);
	}

	/**
	 * A {@code user.deleted} event of a user without an external id, whose data is
	 * Clerk's deleted object ({@code {"object": "user", "id": …, "deleted": true}}),
	 * dated now.
	 * @param userId the user id
	 * @return the event
	 */
	public static ClerkEvent userDeleted(String userId) {
		return of("user.deleted", ClerkData.user(userId).toDeletedMap());
	}

	/**
	 * A {@code user.deleted} event, whose data is Clerk's deleted object with the user's
	 * {@code external_id} when it has one ({@link ClerkUserBuilder#toDeletedMap()}). The
	 * envelope's {@code timestamp} is one {@link ClerkRevisioned#REVISION_STEP step}
	 * after the user's {@code updated_at}, unless set with
	 * {@link ClerkEvent#timestamp(Instant)}.
	 * @param user the user
	 * @return the event
	 */
	public static ClerkEvent userDeleted(ClerkUserBuilder user) {
		return deletion("user.deleted", user.toDeletedMap(), user);
	}

	/**
	 * A {@code session.created} event.
	 * @param session the session
	 * @return the event
	 */
	public static ClerkEvent sessionCreated(ClerkSessionBuilder session) {
		return revision("session.created", session);
	}

	/**
	 * A {@code session.ended} event.
	 * @param session the session
	 * @return the event
	 */
	public static ClerkEvent sessionEnded(ClerkSessionBuilder session) {
		return revision("session.ended", session.status("ended"));
	}

	/**
	 * A {@code session.revoked} event.
	 * @param session the session
	 * @return the event
	 */
	public static ClerkEvent sessionRevoked(ClerkSessionBuilder session) {
		return revision("session.revoked", session.status("revoked"));
	}

	/**
	 * A {@code session.removed} event.
	 * @param session the session
	 * @return the event
	 */
	public static ClerkEvent sessionRemoved(ClerkSessionBuilder session) {
		return revision("session.removed", session.status("removed"));
	}

	/**
	 * An {@code organization.created} event.
	 * @param organization the organization
	 * @return the event
	 */
	public static ClerkEvent organizationCreated(ClerkOrganizationBuilder organization) {
		return revision("organization.created", organization);
	}

	/**
	 * An {@code organization.updated} event.
	 * @param organization the organization
	 * @return the event
	 */
	public static ClerkEvent organizationUpdated(ClerkOrganizationBuilder organization) {
		return revision("organization.updated", organization);
	}

	/**
	 * An {@code organization.deleted} event (a deleted object), dated now, with the slug
	 * that {@link ClerkData#organization(String)} gives the organization unless set.
	 * @param organizationId the organization id
	 * @return the event
	 */
	public static ClerkEvent organizationDeleted(String organizationId) {
		return of("organization.deleted", ClerkData.organization(organizationId).toDeletedMap());
	}

	/**
	 * An {@code organization.deleted} event, whose data is Clerk's deleted object with
	 * the organization's {@code slug} ({@link ClerkOrganizationBuilder#toDeletedMap()}).
	 * The envelope's {@code timestamp} is one {@link ClerkRevisioned#REVISION_STEP step}
	 * after the organization's {@code updated_at}, unless set with
	 * {@link ClerkEvent#timestamp(Instant)}.
	 * @param organization the organization
	 * @return the event
	 */
	public static ClerkEvent organizationDeleted(ClerkOrganizationBuilder organization) {
		return deletion("organization.deleted", organization.toDeletedMap(), organization);
	}

	/**
	 * An {@code organizationMembership.created} event.
	 * @param membership the membership
	 * @return the event
	 */
	public static ClerkEvent membershipCreated(ClerkMembershipBuilder membership) {
		membership.organization().revise();
		return revision("organizationMembership.created", membership);
	}

	/**
	 * An {@code organizationMembership.updated} event.
	 * @param membership the membership
	 * @return the event
	 */
	public static ClerkEvent membershipUpdated(ClerkMembershipBuilder membership) {
		membership.organization().revise();
		return revision("organizationMembership.updated", membership);
	}

	/**
	 * An {@code organizationMembership.deleted} event. Clerk sends the whole membership
	 * as it was, its {@code updated_at} unchanged by the removal (equal to
	 * {@code created_at} for a membership never changed, as in Clerk's example): the
	 * removal time is the envelope's {@code timestamp}, one
	 * {@link ClerkRevisioned#REVISION_STEP step} after the membership's
	 * {@code updated_at} unless set with {@link ClerkEvent#timestamp(Instant)}.
	 * @param membership the membership
	 * @return the event
	 */
	public static ClerkEvent membershipDeleted(ClerkMembershipBuilder membership) {
		return deletion("organizationMembership.deleted", membership.toMap(), membership);
	}

	/**
	 * An {@code organizationInvitation.created} event.
	 * @param invitation the invitation
	 * @return the event
	 */
	public static ClerkEvent invitationCreated(ClerkInvitationBuilder invitation) {
		return revision("organizationInvitation.created", invitation);
	}

	/**
	 * An {@code organizationInvitation.accepted} event.
	 * @param invitation the invitation
	 * @return the event
	 */
	public static ClerkEvent invitationAccepted(ClerkInvitationBuilder invitation) {
		invitation.status("accepted").revise();
		return of("organizationInvitation.accepted", invitation.toAcceptedMap());
	}

	/**
	 * An {@code organizationInvitation.revoked} event.
	 * @param invitation the invitation
	 * @return the event
	 */
	public static ClerkEvent invitationRevoked(ClerkInvitationBuilder invitation) {
		return revision("organizationInvitation.revoked", invitation.status("revoked"));
	}

	/**
	 * An event carrying a new revision of an object (see {@link ClerkRevisioned}).
	 */
	private static ClerkEvent revision(String type, ClerkRevisioned data) {
		data.revise();
		return of(type, data);
	}

	/**
	 * An event removing an object, dated one revision step after the object's last
	 * {@code updated_at}, as a removal comes after every change.
	 */
	private static ClerkEvent deletion(String type, Map<String, @Nullable Object> data, ClerkRevisioned object) {
		return of(type, data).timestamp(object.updatedAt().plus(ClerkRevisioned.REVISION_STEP));
	}

	/**
	 * Any event, with the data as it is now (no new revision).
	 * @param type the event type
	 * @param data the data object
	 * @return the event
	 */
	public static ClerkEvent of(String type, ClerkJson data) {
		Objects.requireNonNull(data, "data must not be null");
		return new ClerkEvent(type, data.toMap());
	}

	/**
	 * Any event.
	 * @param type the event type
	 * @param data the data object
	 * @return the event
	 */
	public static ClerkEvent of(String type, Map<String, @Nullable Object> data) {
		Objects.requireNonNull(data, "data must not be null");
		return new ClerkEvent(type, data);
	}

}
