package dev.clerkusers.organizations.security.reactive;

import dev.clerkusers.organizations.security.ClerkOrganizationContext;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;

/**
 * The active organization of a reactive request, the counterpart of
 * {@link ClerkOrganizationContext#current()}, read from the
 * {@link ReactiveSecurityContextHolder} (the subscriber's context).
 *
 * <pre class="code">
 * ClerkReactiveOrganizationContext.current()
 *     .map(ClerkOrganizationContext::organizationId)
 *     .flatMap(projects::findByOrganization);
 * </pre>
 */
public final class ClerkReactiveOrganizationContext {

	private ClerkReactiveOrganizationContext() {
	}

	/**
	 * The organization context of the current reactive request.
	 * @return the context, or empty when the request is not a Clerk request or has no
	 * active organization
	 */
	public static Mono<ClerkOrganizationContext> current() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.mapNotNull((authentication) -> ClerkOrganizationContext.of(authentication).orElse(null));
	}

}
