package dev.clerkusers.security;

import java.util.Locale;
import java.util.Objects;

import dev.clerkusers.token.ClerkTokenType;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The default names and tags of the {@code clerk.token.verification} observation: the
 * low-cardinality keys {@code clerk.token.source} ({@code header}, {@code cookie}),
 * {@code clerk.token.type} ({@code session_token}, {@code api_key}, {@code m2m_token},
 * {@code oauth_token}; {@code unknown} while it runs, for a token that could not be read,
 * and for a refused one of no type's form), {@code outcome} ({@code accepted},
 * {@code refused}, {@code unavailable}; {@code unknown} while it runs, the tag of the
 * {@code clerk.token.verification.active} long-task timer) and {@code reason} (a
 * rejection code such as {@code token-expired}, or {@code none}). No token, user or
 * organization id ever becomes a tag. Extend it, or implement
 * {@link ObservationConvention} yourself, to change them.
 */
public class ClerkAuthenticationObservationConvention
		implements ObservationConvention<ClerkAuthenticationObservationContext> {

	/** The observation's name. */
	public static final String NAME = "clerk.token.verification";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ClerkAuthenticationObservationContext context) {
		return "clerk token verification";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClerkAuthenticationObservationContext context) {
		ClerkTokenType type = context.getTokenType();
		return KeyValues.of("clerk.token.source", context.getSource().name().toLowerCase(Locale.ROOT),
				"clerk.token.type", (type != null) ? type.value() : "unknown", "outcome",
				Objects.requireNonNullElse(context.getOutcome(), "unknown"), "reason",
				Objects.requireNonNullElse(context.getReason(), "none"));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClerkAuthenticationObservationContext;
	}

}
