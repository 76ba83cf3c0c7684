package dev.clerkusers.it.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.clerkusers.security.ClerkAuthenticationException;
import dev.clerkusers.token.TokenRejectionReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md lists every rejection reason the library can answer with.
 */
class SecurityDocumentationTests {

	@Test
	void everyRejectionReasonIsDocumented() throws IOException {
		String page = Files.readString(Path.of("..", "docs", "security.md"));
		for (TokenRejectionReason reason : TokenRejectionReason.values()) {
			assertThat(page).as("docs/security.md documents %s", reason).contains("`" + reason.code() + "`");
		}
		assertThat(page).contains("`" + ClerkAuthenticationException.USER_INACTIVE + "`")
			.contains("`" + ClerkAuthenticationException.USER_UNKNOWN + "`");
	}

}
