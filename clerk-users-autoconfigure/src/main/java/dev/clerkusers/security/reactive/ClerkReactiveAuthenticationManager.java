package dev.clerkusers.security.reactive;

import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.security.ClerkTokenAuthenticationRequest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * Authenticates {@link ClerkTokenAuthenticationRequest}s in reactive applications with
 * the servlet side's {@link ClerkAuthenticationProvider}: the same verifier, rules,
 * rejection reasons, token cache, user loading and organization selection.
 * <ul>
 * <li>A request the provider decides from memory
 * ({@link ClerkAuthenticationProvider#authenticatesWithoutBlocking}: a remembered token,
 * or a held key, and no users table) is authenticated on the calling thread.</li>
 * <li>Any other (a key fetch, the users table, an organization lookup) is authenticated
 * on a bounded scheduler (by default {@link Schedulers#boundedElastic()}), and the
 * request goes on on a {@linkplain Schedulers#parallel() non-blocking} thread: no
 * event-loop thread ever waits.</li>
 * </ul>
 * Other authentication types are not supported (an empty result). It is not a bean: a
 * {@code ReactiveAuthenticationManager} bean would become the manager of form login and
 * HTTP Basic too; {@link ClerkServerConfigurer} puts it in each filter chain.
 */
public final class ClerkReactiveAuthenticationManager implements ReactiveAuthenticationManager {

	private final ClerkAuthenticationProvider provider;

	private Scheduler blockingScheduler = Schedulers.boundedElastic();

	private Scheduler resumeScheduler = Schedulers.parallel();

	/**
	 * Creates a manager.
	 * @param provider the provider that decides
	 */
	public ClerkReactiveAuthenticationManager(ClerkAuthenticationProvider provider) {
		Assert.notNull(provider, "provider must not be null");
		this.provider = provider;
	}

	/**
	 * Sets the bounded scheduler where authentication that may block runs (default:
	 * {@link Schedulers#boundedElastic()}).
	 * @param blockingScheduler the scheduler
	 */
	public void setBlockingScheduler(Scheduler blockingScheduler) {
		Assert.notNull(blockingScheduler, "blockingScheduler must not be null");
		this.blockingScheduler = blockingScheduler;
	}

	/**
	 * Sets where a request goes on after authentication that ran on the blocking
	 * scheduler (default: {@link Schedulers#parallel()}).
	 * @param resumeScheduler the scheduler
	 */
	public void setResumeScheduler(Scheduler resumeScheduler) {
		Assert.notNull(resumeScheduler, "resumeScheduler must not be null");
		this.resumeScheduler = resumeScheduler;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof ClerkTokenAuthenticationRequest request)) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			Mono<Authentication> decision = Mono.fromCallable(() -> this.provider.authenticate(request));
			if (this.provider.authenticatesWithoutBlocking(request)) {
				return decision;
			}
			return decision.subscribeOn(this.blockingScheduler).publishOn(this.resumeScheduler);
		});
	}

}
