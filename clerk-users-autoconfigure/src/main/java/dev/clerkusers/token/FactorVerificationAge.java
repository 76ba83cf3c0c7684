package dev.clerkusers.token;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code fva} claim: how long ago the user last verified a first and a second factor,
 * in minutes; {@code -1} means never. Use it to ask for step-up verification before
 * sensitive actions.
 *
 * @param firstFactorMinutes minutes since the last first-factor verification, or -1
 * @param secondFactorMinutes minutes since the last second-factor verification, or -1
 */
public record FactorVerificationAge(int firstFactorMinutes, int secondFactorMinutes) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Time since the last first-factor verification.
	 * @return the age, or empty when the first factor was never verified
	 */
	public Optional<Duration> firstFactorAge() {
		return (this.firstFactorMinutes < 0) ? Optional.empty()
				: Optional.of(Duration.ofMinutes(this.firstFactorMinutes));
	}

	/**
	 * Time since the last second-factor verification.
	 * @return the age, or empty when no second factor was ever verified
	 */
	public Optional<Duration> secondFactorAge() {
		return (this.secondFactorMinutes < 0) ? Optional.empty()
				: Optional.of(Duration.ofMinutes(this.secondFactorMinutes));
	}

	/**
	 * Whether the second factor was verified within the given time.
	 * @param maxAge the longest acceptable age
	 * @return {@code true} when it was
	 */
	public boolean secondFactorVerifiedWithin(Duration maxAge) {
		return secondFactorAge().map((age) -> age.compareTo(maxAge) <= 0).orElse(false);
	}

}
