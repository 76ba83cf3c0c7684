package dev.clerkusers.organizations;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The state of an organization invitation.
 */
public enum InvitationStatus {

	/** Sent, not answered. */
	PENDING,

	/** Accepted: the invitee joined. */
	ACCEPTED,

	/** Revoked by the organization. */
	REVOKED,

	/** Expired unanswered. */
	EXPIRED;

	/**
	 * Parses Clerk's status.
	 * @param value the status, in any case
	 * @return the status; {@link #PENDING} for {@code null}
	 * @throws IllegalArgumentException for an unknown status
	 */
	public static InvitationStatus of(@Nullable String value) {
		return (value != null) ? valueOf(value.trim().toUpperCase(Locale.ROOT)) : PENDING;
	}

	/**
	 * Whether this status ends the invitation: accepted, revoked or expired. An ended
	 * invitation never becomes pending again.
	 * @return {@code true} unless pending
	 */
	public boolean isFinal() {
		return this != PENDING;
	}

	String column() {
		return name().toLowerCase(Locale.ROOT);
	}

}
