package dev.clerkusers.webhook;

import java.io.Serial;

/**
 * A delivery refused before processing, with the HTTP status and a reason code to answer
 * with.
 */
public class WebhookRejectedException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final int status;

	private final String reason;

	/**
	 * Creates an exception.
	 * @param status the HTTP status: 400 or 401 (the endpoints answer 405 and 413
	 * themselves)
	 * @param reason a stable reason code, for example {@code invalid-signature}
	 * @param message details
	 */
	public WebhookRejectedException(int status, String reason, String message) {
		super(message);
		this.status = status;
		this.reason = reason;
	}

	/**
	 * The HTTP status.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * The reason code.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * What was wrong, safe to show to the sender.
	 * @return the message
	 */
	@Override
	public String getMessage() {
		String message = super.getMessage();
		return (message != null) ? message : this.reason;
	}

}
