package dev.clerkusers.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The types a chain accepts, as {@code ClerkConfigurer.acceptsTokens(…)} names them: a
 * mistake in the list is refused with what is wrong when the chain is built.
 */
class AcceptedTokenTypesTests {

	@Test
	void noTypeAtAllIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(AcceptedTokenTypes::of)
			.withMessage("At least one token type must be accepted");
	}

	/**
	 * Black-box run 158, F3: {@code acceptsTokens(API_KEY, null)} failed with a
	 * {@code NullPointerException} without a message.
	 */
	@Test
	void aNullTypeIsRefusedSayingSo() {
		assertThatIllegalArgumentException().isThrownBy(() -> AcceptedTokenTypes.of(ClerkTokenType.API_KEY, null))
			.withMessage("A token type to accept must not be null");
	}

	@Test
	void aTypeNamedTwiceIsAcceptedOnce() {
		assertThat(AcceptedTokenTypes.of(ClerkTokenType.API_KEY, ClerkTokenType.API_KEY).types())
			.containsExactly(ClerkTokenType.API_KEY);
	}

}
