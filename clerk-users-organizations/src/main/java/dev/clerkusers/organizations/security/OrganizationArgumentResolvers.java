package dev.clerkusers.organizations.security;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationService;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Controller argument resolvers: {@link CurrentOrganization @CurrentOrganization}
 * {@link Organization} parameters and {@link ClerkOrganizationContext} parameters.
 */
public final class OrganizationArgumentResolvers {

	private OrganizationArgumentResolvers() {
	}

	/**
	 * Resolves {@code @CurrentOrganization Organization} parameters.
	 */
	public static final class CurrentOrganizationResolver implements HandlerMethodArgumentResolver {

		private final OrganizationService organizations;

		/**
		 * Creates the resolver.
		 * @param organizations the organization service
		 */
		public CurrentOrganizationResolver(OrganizationService organizations) {
			this.organizations = organizations;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(CurrentOrganization.class)
					&& Organization.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			Organization organization = ClerkOrganizationContext.current()
				.flatMap((context) -> this.organizations.findActiveCached(context.organizationId()))
				.orElse(null);
			CurrentOrganization annotation = parameter.getParameterAnnotation(CurrentOrganization.class);
			if (organization == null && annotation != null && annotation.required()) {
				throw new AccessDeniedException("An active organization is required");
			}
			return organization;
		}

	}

	/**
	 * Resolves {@link ClerkOrganizationContext} parameters ({@code null} without an
	 * active organization).
	 */
	public static final class ContextResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ClerkOrganizationContext.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			return ClerkOrganizationContext.current().orElse(null);
		}

	}

}
