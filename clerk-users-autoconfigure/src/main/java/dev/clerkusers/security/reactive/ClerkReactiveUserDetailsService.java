package dev.clerkusers.security.reactive;

import dev.clerkusers.security.ClerkUserDetailsService;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.util.Assert;

/**
 * Form login over the users table in reactive applications: the servlet side's
 * {@link ClerkUserDetailsService} (the username is the email, in any case; a user without
 * a password cannot sign in with one), called on a bounded scheduler (by default
 * {@link Schedulers#boundedElastic()}), since it reads the database. An unknown email, or
 * a user without a password, is an empty result, as Spring's reactive services answer.
 * <p>
 * Spring Security gives a {@code ReactiveUserDetailsService} bean to the
 * {@code UserDetailsRepositoryReactiveAuthenticationManager} of every
 * {@code ServerHttpSecurity}, which checks the password (on a bounded scheduler too) for
 * {@code formLogin()} and {@code httpBasic()}.
 */
public final class ClerkReactiveUserDetailsService implements ReactiveUserDetailsService {

	private final UserDetailsService userDetailsService;

	private Scheduler scheduler = Schedulers.boundedElastic();

	/**
	 * Creates a service.
	 * @param userDetailsService the blocking service that reads the users, usually a
	 * {@link ClerkUserDetailsService}
	 */
	public ClerkReactiveUserDetailsService(UserDetailsService userDetailsService) {
		Assert.notNull(userDetailsService, "userDetailsService must not be null");
		this.userDetailsService = userDetailsService;
	}

	/**
	 * Sets the bounded scheduler where users are read (default:
	 * {@link Schedulers#boundedElastic()}).
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler must not be null");
		this.scheduler = scheduler;
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		return Mono.fromCallable(() -> this.userDetailsService.loadUserByUsername(username))
			.onErrorResume(UsernameNotFoundException.class, (notFound) -> Mono.empty())
			.subscribeOn(this.scheduler);
	}

}
