package dev.clerkusers.organizations.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import dev.clerkusers.organizations.api.OrganizationInvitationResource;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.api.OrganizationResource;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.organizations.InvitationStatus;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import dev.clerkusers.webhook.ClerkWebhookHandler;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;

/**
 * The organization events, through {@link OrganizationSynchronizer}:
 * <table>
 * <caption>Effects</caption>
 * <tr>
 * <th>Event</th>
 * <th>Effect</th>
 * </tr>
 * <tr>
 * <td>{@code organization.created}, {@code organization.updated}</td>
 * <td>upsert from the payload, ordering guard</td>
 * </tr>
 * <tr>
 * <td>{@code organization.deleted}</td>
 * <td>inactive, with a tombstone dated by the event</td>
 * </tr>
 * <tr>
 * <td>{@code organizationMembership.created}, {@code .updated}</td>
 * <td>upsert, creating the organization and the user when missing; members recounted</td>
 * </tr>
 * <tr>
 * <td>{@code organizationMembership.deleted}</td>
 * <td>a tombstone, dated by the event: the envelope's {@code timestamp}, or the payload's
 * {@code updated_at} when that is later; members recounted</td>
 * </tr>
 * <tr>
 * <td>{@code organizationInvitation.created}, {@code .accepted}, {@code .revoked}</td>
 * <td>upsert with status pending, accepted, revoked; pending invitations recounted</td>
 * </tr>
 * </table>
 * Other {@code organization*} events (domains, say) are left to other handlers, or
 * ignored.
 */
public class OrganizationWebhookHandler implements ClerkWebhookHandler, Ordered {

	private final OrganizationSynchronizer organizations;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/**
	 * Creates the handler.
	 * @param organizations applies Clerk's data to the organizations
	 * @param events publishes application events
	 * @param clock the clock, for events without times
	 */
	public OrganizationWebhookHandler(OrganizationSynchronizer organizations, ApplicationEventPublisher events,
			Clock clock) {
		this.organizations = organizations;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public boolean supports(String eventType) {
		return switch (eventType) {
			case "organization.created", "organization.updated", "organization.deleted",
					"organizationMembership.created", "organizationMembership.updated",
					"organizationMembership.deleted", "organizationInvitation.created",
					"organizationInvitation.accepted", "organizationInvitation.revoked" ->
				true;
			default -> false;
		};
	}

	@Override
	public void handle(ClerkWebhookEvent event) {
		apply(event);
	}

	/**
	 * Applies an event, and answers {@link Outcome#STALE} when it changed nothing because
	 * newer data is stored or its record is deleted.
	 * @param event the verified event
	 * @return what was done
	 */
	@Override
	public Outcome apply(ClerkWebhookEvent event) {
		return switch (event.type()) {
			case "organization.created" ->
				announce(this.organizations.upsertOrganization(event.data(OrganizationResource.class)),
						(organization) -> new OrganizationCreatedEvent(organization, event));
			case "organization.updated" ->
				publish(this.organizations.upsertOrganization(event.data(OrganizationResource.class)),
						(organization) -> new OrganizationUpdatedEvent(organization, event));
			case "organization.deleted" -> always(
					this.organizations.deleteOrganization(event.requireDataString("id"), event.timestampOr(this.clock)),
					(organization) -> new OrganizationDeletedEvent(organization, event));
			case "organizationMembership.created" ->
				announce(this.organizations.upsertMembership(event.data(OrganizationMembershipResource.class)),
						(membership) -> new MembershipCreatedEvent(membership, event));
			case "organizationMembership.updated" ->
				publish(this.organizations.upsertMembership(event.data(OrganizationMembershipResource.class)),
						(membership) -> new MembershipUpdatedEvent(membership, event));
			case "organizationMembership.deleted" ->
				removal(this.organizations.deleteMembership(event.data(OrganizationMembershipResource.class),
						removalTime(event)), (membership) -> new MembershipDeletedEvent(membership, event));
			case "organizationInvitation.created" ->
				announce(this.organizations.upsertInvitation(event.data(OrganizationInvitationResource.class), null),
						(invitation) -> new InvitationCreatedEvent(invitation, event));
			case "organizationInvitation.accepted" ->
				publish(this.organizations.upsertInvitation(event.data(OrganizationInvitationResource.class),
						InvitationStatus.ACCEPTED), (invitation) -> new InvitationAcceptedEvent(invitation, event));
			case "organizationInvitation.revoked" ->
				publish(this.organizations.upsertInvitation(event.data(OrganizationInvitationResource.class),
						InvitationStatus.REVOKED), (invitation) -> new InvitationRevokedEvent(invitation, event));
			default -> throw new IllegalArgumentException("Unsupported event type " + event.type());
		};
	}

	/**
	 * When a membership was removed. Clerk sends the membership as it was, its
	 * {@code updated_at} unchanged by the removal (equal to {@code created_at} in Clerk's
	 * example), so the removal is dated by the event's {@code timestamp}; by
	 * {@code updated_at} when that is later (an envelope time in seconds drops the
	 * milliseconds), and by the clock when the event has neither.
	 */
	private Instant removalTime(ClerkWebhookEvent event) {
		Instant updatedAt = event.dataTime("updated_at").orElse(null);
		Instant timestamp = event.timestamp();
		if (updatedAt == null) {
			return event.timestampOr(this.clock);
		}
		return (timestamp != null && timestamp.isAfter(updatedAt)) ? timestamp : updatedAt;
	}

	/**
	 * A {@code *.created} event is announced whenever its row is stored, also when a sync
	 * stored it before the webhook arrived (nothing newer: {@code STALE}), so that
	 * listeners do not depend on who came first; the inbox processes each delivery once.
	 * Not for a row deleted since.
	 */
	private <T> Outcome announce(SyncResult<T> change, Function<T, Object> event) {
		return publishIf(change.outcome() != SyncResult.Outcome.IGNORED_DELETED, change, event);
	}

	private <T> Outcome publish(SyncResult<T> change, Function<T, Object> event) {
		return publishIf(change.changed(), change, event);
	}

	/**
	 * A removal is announced when it removed a member; a tombstone that became a later
	 * membership's, of a user who was out already, is a change announced to nobody.
	 */
	private <T> Outcome removal(SyncResult<T> change, Function<T, Object> event) {
		return publishIf(change.outcome() == SyncResult.Outcome.DELETED, change, event);
	}

	/**
	 * A deletion is announced whatever it changed, also when a reconcile deleted the
	 * record before the webhook arrived (then answered stale), as a {@code user.deleted}
	 * is: listeners of deletions must not depend on who came first.
	 */
	private <T> Outcome always(SyncResult<T> change, Function<T, Object> event) {
		return publishIf(true, change, event);
	}

	private <T> Outcome publishIf(boolean announced, SyncResult<T> change, Function<T, Object> event) {
		if (announced && change.value() != null) {
			this.events.publishEvent(event.apply(change.value()));
		}
		return outcome(change);
	}

	private static Outcome outcome(SyncResult<?> change) {
		return change.changed() ? Outcome.APPLIED : Outcome.STALE;
	}

	/**
	 * Returns {@link ClerkWebhookHandler#LIBRARY_ORDER}: the library's handlers run
	 * before the application's.
	 */
	@Override
	public int getOrder() {
		return LIBRARY_ORDER;
	}

}
