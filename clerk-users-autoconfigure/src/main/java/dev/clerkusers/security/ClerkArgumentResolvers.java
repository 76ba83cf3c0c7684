package dev.clerkusers.security;

import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Controller argument resolvers: {@link CurrentClerkUser @CurrentClerkUser}
 * {@link ClerkUser} parameters, and {@link ClerkSessionClaims} parameters (the claims of
 * the request's Clerk token, or {@code null}).
 */
public final class ClerkArgumentResolvers {

	private ClerkArgumentResolvers() {
	}

	/**
	 * The user of the current authentication, whatever mechanism signed it in.
	 * @param authentication the authentication, or {@code null}
	 * @return the user, or {@code null}
	 */
	public static @Nullable ClerkUser userOf(@Nullable Authentication authentication) {
		if (authentication == null) {
			return null;
		}
		if (authentication instanceof ClerkAuthenticationToken clerk) {
			return clerk.getUser().orElse(null);
		}
		if (authentication.getPrincipal() instanceof ClerkUserDetails details) {
			return details.getUser();
		}
		if (authentication.getPrincipal() instanceof ClerkUser user) {
			return user;
		}
		return null;
	}

	/**
	 * Resolves {@code @CurrentClerkUser ClerkUser} parameters.
	 */
	public static final class CurrentUserResolver implements HandlerMethodArgumentResolver {

		private SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

		/**
		 * Sets the security context holder strategy.
		 * @param holder the strategy
		 */
		public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy holder) {
			this.holder = holder;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(CurrentClerkUser.class)
					&& ClerkUser.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			ClerkUser user = userOf(this.holder.getContext().getAuthentication());
			CurrentClerkUser annotation = parameter.getParameterAnnotation(CurrentClerkUser.class);
			if (user == null && annotation != null && annotation.required()) {
				throw new InsufficientAuthenticationException("A signed-in user is required");
			}
			return user;
		}

	}

	/**
	 * Resolves {@link ClerkSessionClaims} parameters.
	 */
	public static final class SessionClaimsResolver implements HandlerMethodArgumentResolver {

		private SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

		/**
		 * Sets the security context holder strategy.
		 * @param holder the strategy
		 */
		public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy holder) {
			this.holder = holder;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ClerkSessionClaims.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			return (this.holder.getContext().getAuthentication() instanceof ClerkAuthenticationToken clerk)
					? clerk.getClaims() : null;
		}

	}

}
