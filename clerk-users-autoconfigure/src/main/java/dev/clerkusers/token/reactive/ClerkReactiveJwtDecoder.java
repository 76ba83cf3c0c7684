package dev.clerkusers.token.reactive;

import dev.clerkusers.token.ClerkJwtDecoder;
import dev.clerkusers.token.ClerkTokenVerifier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveJwtDecoder} view of a {@link ClerkTokenVerifier}, the reactive
 * counterpart of {@link ClerkJwtDecoder}: Clerk session tokens pass every rule of the
 * verifier and come out as Spring Security's {@link Jwt}, for Spring Security's reactive
 * resource server support ({@code oauth2ResourceServer(rs -> rs.jwt(withDefaults()))}).
 * <p>
 * A token whose key the verifier holds is decoded on the calling thread; one that needs a
 * key fetch is decoded on a bounded scheduler (by default
 * {@link Schedulers#boundedElastic()}), and the result goes on on a
 * {@linkplain Schedulers#parallel() non-blocking} thread, so no event-loop thread waits.
 * A refused token is a {@link BadJwtException} naming the rule's code; keys that cannot
 * be loaded are a plain {@link JwtException}.
 */
public final class ClerkReactiveJwtDecoder implements ReactiveJwtDecoder {

	private final ClerkTokenVerifier verifier;

	private final ClerkJwtDecoder decoder;

	private Scheduler blockingScheduler = Schedulers.boundedElastic();

	/**
	 * Creates a decoder.
	 * @param verifier the verifier whose rules every token passes
	 */
	public ClerkReactiveJwtDecoder(ClerkTokenVerifier verifier) {
		Assert.notNull(verifier, "verifier must not be null");
		this.verifier = verifier;
		this.decoder = new ClerkJwtDecoder(verifier);
	}

	/**
	 * Sets the bounded scheduler where a token whose key must be fetched is decoded
	 * (default: {@link Schedulers#boundedElastic()}).
	 * @param blockingScheduler the scheduler
	 */
	public void setBlockingScheduler(Scheduler blockingScheduler) {
		Assert.notNull(blockingScheduler, "blockingScheduler must not be null");
		this.blockingScheduler = blockingScheduler;
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		return Mono.defer(() -> {
			Mono<Jwt> jwt = Mono.fromCallable(() -> this.decoder.decode(token));
			return this.verifier.verifiesWithoutBlocking(token) ? jwt
					: jwt.subscribeOn(this.blockingScheduler).publishOn(Schedulers.parallel());
		});
	}

}
