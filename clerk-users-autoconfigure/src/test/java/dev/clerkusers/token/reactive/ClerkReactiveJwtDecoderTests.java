package dev.clerkusers.token.reactive;

import java.util.concurrent.atomic.AtomicReference;

import dev.clerkusers.token.ClerkTokenException;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.token.TokenRejectionReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkReactiveJwtDecoder}: a token whose key must be fetched is decoded on the
 * bounded scheduler, never on the subscribing thread, and keys that cannot be loaded are
 * a server error ({@link JwtException}), not a bad token.
 */
class ClerkReactiveJwtDecoderTests {

	private final Scheduler keys = Schedulers.newSingle("keys");

	@AfterEach
	void dispose() {
		this.keys.dispose();
	}

	@Test
	void aTokenWhoseKeyMustBeFetchedIsDecodedOnTheBoundedSchedulerAndAnOutageIsNoBadToken() {
		AtomicReference<String> thread = new AtomicReference<>();
		ClerkTokenVerifier fetching = (token) -> {
			thread.set(Thread.currentThread().getName());
			throw new ClerkTokenException(TokenRejectionReason.KEYS_UNAVAILABLE, "Clerk's keys cannot be loaded");
		};
		ClerkReactiveJwtDecoder decoder = new ClerkReactiveJwtDecoder(fetching);
		decoder.setBlockingScheduler(this.keys);
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode("a.b.c").block())
			.isNotInstanceOf(BadJwtException.class)
			.withMessageStartingWith(TokenRejectionReason.KEYS_UNAVAILABLE.code());
		assertThat(thread.get()).startsWith("keys-");
	}

	@Test
	void aRefusedTokenIsABadTokenNamingTheRule() {
		ClerkTokenVerifier refusing = (token) -> {
			throw new ClerkTokenException(TokenRejectionReason.EXPIRED, "The token has expired");
		};
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> new ClerkReactiveJwtDecoder(refusing).decode("a.b.c").block())
			.withMessageStartingWith(TokenRejectionReason.EXPIRED.code());
	}

}
