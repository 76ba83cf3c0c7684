package dev.clerkusers.security.reactive;

import dev.clerkusers.security.ClerkServiceUnavailableException;
import dev.clerkusers.security.ClerkSignInUnavailableException;
import dev.clerkusers.security.ClerkUserDetailsService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * Form login over the users table in reactive applications: the servlet side's
 * {@link ClerkUserDetailsService} (the username is the email, in any case; a user without
 * a password cannot sign in with one), called on a bounded scheduler (by default
 * {@link Schedulers#boundedElastic()}), since it reads the database. An unknown email, or
 * a user without a password, is an empty result, as Spring's reactive services answer.
 * Given the form login's {@link #setPasswordEncoder(PasswordEncoder) password encoder},
 * it checks a password in vain for such an email, as Spring's servlet
 * {@code DaoAuthenticationProvider} does and its reactive manager does not: a failed
 * sign-in then takes as long for an unknown email as for a staff account's, so its time
 * does not tell which emails have a password.
 * <p>
 * When the users cannot be read (the database failed), the error is a
 * {@link ClerkSignInUnavailableException}, no {@code AuthenticationException}, which the
 * form's failure handler would take for a wrong password and answer with the login page:
 * {@link ClerkServerConfigurer} answers it 503 with {@code Retry-After} and
 * {@code database-unavailable}, as every request whose authentication needs the database.
 * <p>
 * Spring Security gives a {@code ReactiveUserDetailsService} bean to the
 * {@code UserDetailsRepositoryReactiveAuthenticationManager} of every
 * {@code ServerHttpSecurity}, which checks the password (on a bounded scheduler too) for
 * {@code formLogin()} and {@code httpBasic()}.
 */
public final class ClerkReactiveUserDetailsService implements ReactiveUserDetailsService {

	private final UserDetailsService userDetailsService;

	private static final String UNKNOWN_USER_PASSWORD = "clerk-users: no such user";

	private static final String PRESENTED_IN_VAIN = "clerk-users: a password presented in vain";

	private Scheduler scheduler = Schedulers.boundedElastic();

	private @Nullable PasswordEncoder passwordEncoder;

	private volatile @Nullable String unknownUserPassword;

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

	/**
	 * Sets the encoder that the form login checks passwords with (the
	 * {@code PasswordEncoder} bean), so that an unknown email costs a password check too.
	 * @param passwordEncoder the encoder
	 */
	public void setPasswordEncoder(PasswordEncoder passwordEncoder) {
		Assert.notNull(passwordEncoder, "passwordEncoder must not be null");
		this.passwordEncoder = passwordEncoder;
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		return Mono.fromCallable(() -> load(username))
			.subscribeOn(this.scheduler)
			.onErrorMap(ClerkServiceUnavailableException.class, ClerkSignInUnavailableException::new);
	}

	private @Nullable UserDetails load(String username) {
		try {
			return this.userDetailsService.loadUserByUsername(username);
		}
		catch (UsernameNotFoundException ex) {
			checkInVain();
			return null;
		}
	}

	private void checkInVain() {
		PasswordEncoder encoder = this.passwordEncoder;
		if (encoder == null) {
			return;
		}
		String encoded = this.unknownUserPassword;
		if (encoded == null) {
			encoded = encoder.encode(UNKNOWN_USER_PASSWORD);
			this.unknownUserPassword = encoded;
		}
		// Not empty: Spring Security's encoders refuse an empty password without hashing.
		encoder.matches(PRESENTED_IN_VAIN, encoded);
	}

}
