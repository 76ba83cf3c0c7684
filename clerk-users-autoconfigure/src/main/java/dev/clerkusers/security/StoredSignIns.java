package dev.clerkusers.security;

import dev.clerkusers.user.ClerkUserService;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * A filter chain's repository of the sign-ins kept in the HTTP session, as the library
 * checks them: the chain's own repository, with form-login sign-ins checked against the
 * users table ({@link ClerkFormLoginSecurityContextRepository}) when it is there, and in
 * session mode Clerk sign-ins kept in front of it
 * ({@link ClerkSessionSecurityContextRepository}), outside it none read from the HTTP
 * session ({@link StatelessClerkSignIns}). {@link ClerkConfigurer} builds it on its
 * chains, {@link ClerkStoredSignInsConfigurer} on the chains that turn Clerk off.
 *
 * @param repository the chain's repository, checking what it reads
 * @param sessions the session mode's repository in it, which keeps Clerk sign-ins;
 * {@code null} outside session mode
 * @param checked whether the library checks anything in it (the users table is there)
 */
record StoredSignIns(SecurityContextRepository repository, @Nullable ClerkSessionSecurityContextRepository sessions,
		boolean checked) {

	/**
	 * The repository of a chain, from its shared {@link SecurityContextRepository} (as
	 * its {@code securityContext} and {@code sessionManagement} configurers set it,
	 * before the configurers' {@code init}) and the container's beans.
	 * @param http the chain
	 * @param context the container
	 * @param holder the chain's security context holder strategy
	 * @return the repository
	 */
	static StoredSignIns of(HttpSecurity http, ApplicationContext context, SecurityContextHolderStrategy holder) {
		SecurityContextRepository chain = http.getSharedObject(SecurityContextRepository.class);
		if (chain == null) {
			chain = new DelegatingSecurityContextRepository(new HttpSessionSecurityContextRepository(),
					new RequestAttributeSecurityContextRepository());
		}
		ClerkUserService users = context.getBeanProvider(ClerkUserService.class).getIfAvailable();
		if (users == null) {
			return new StoredSignIns(StatelessClerkSignIns.of(chain, holder), null, false);
		}
		ClerkFormLoginSecurityContextRepository formLogins = new ClerkFormLoginSecurityContextRepository(chain, users);
		formLogins.setSecurityContextHolderStrategy(holder);
		ClerkSessionSecurityContextRepository sessions = context
			.getBeanProvider(ClerkSessionSecurityContextRepository.class)
			.getIfAvailable();
		if (sessions == null) {
			return new StoredSignIns(StatelessClerkSignIns.of(formLogins, holder), null, true);
		}
		ClerkSessionSecurityContextRepository repository = sessions.withDelegate(formLogins);
		return new StoredSignIns(repository, repository, true);
	}

}
