package dev.clerkusers.organizations.security;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.security.ClerkArgumentResolvers;
import dev.clerkusers.security.ClerkServiceUnavailableException;
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
 * <p>
 * Its static methods are the rules of both stacks: the WebFlux resolvers
 * ({@link dev.clerkusers.organizations.security.reactive.ReactiveOrganizationArgumentResolvers})
 * use them too.
 */
public final class OrganizationArgumentResolvers {

	private static final String ORGANIZATION_REQUIRED = "An active organization is required";

	private OrganizationArgumentResolvers() {
	}

	/**
	 * Whether a parameter carries {@link CurrentOrganization @CurrentOrganization}, of
	 * whatever type, or is an {@link Organization} without any annotation: one that
	 * cannot take an {@link Organization}, or lacks the annotation, is refused when it is
	 * resolved, rather than left to Spring's data binding, which would fill it from the
	 * request (see {@link ClerkArgumentResolvers#isAnnotatedOrBare}).
	 * @param parameter the controller method parameter
	 * @return {@code true} when it does
	 */
	public static boolean isCurrentOrganization(MethodParameter parameter) {
		return ClerkArgumentResolvers.isAnnotatedOrBare(parameter, CurrentOrganization.class, Organization.class);
	}

	/**
	 * Whether a parameter is a {@link ClerkOrganizationContext}, or wraps one
	 * ({@code Optional}, {@code Mono}: refused by
	 * {@link #organizationContext(MethodParameter, ClerkOrganizationContext)}, never left
	 * to data binding).
	 * @param parameter the controller method parameter
	 * @return {@code true} when it is
	 */
	public static boolean isOrganizationContext(MethodParameter parameter) {
		return ClerkArgumentResolvers.isOrWraps(parameter, ClerkOrganizationContext.class);
	}

	/**
	 * The value of a {@code @CurrentOrganization Organization} parameter: the stored,
	 * active organization of the request's organization context (through the cache; may
	 * read the database, so it blocks). An application that stores no organizations has
	 * none to give: {@code null}, or a refusal where one is required.
	 * @param parameter the controller method parameter
	 * @param context the request's organization context, or {@code null} without one
	 * @param organizations the organization service, or {@code null} in an application
	 * that stores no organizations (no users table)
	 * @return the organization, or {@code null} when there is none and the parameter is
	 * not required
	 * @throws AccessDeniedException when there is none and the parameter is
	 * {@linkplain CurrentOrganization#required() required}
	 * @throws ClerkServiceUnavailableException when the database cannot be read (answered
	 * 503)
	 * @throws IllegalStateException when the parameter cannot take an
	 * {@link Organization}, or is one without {@code @CurrentOrganization}
	 */
	public static @Nullable Organization currentOrganization(MethodParameter parameter,
			@Nullable ClerkOrganizationContext context, @Nullable OrganizationService organizations) {
		ClerkArgumentResolvers.requireAnnotation(parameter, CurrentOrganization.class, Organization.class);
		ClerkArgumentResolvers.requireParameterType(parameter, CurrentOrganization.class, Organization.class);
		Organization organization;
		try {
			organization = (context != null && organizations != null)
					? organizations.findActiveCached(context.organizationId()).orElse(null) : null;
		}
		catch (RuntimeException ex) {
			throw ClerkServiceUnavailableException.whileReading(ex,
					"The organization of this request could not be loaded; try again shortly");
		}
		CurrentOrganization annotation = parameter.getParameterAnnotation(CurrentOrganization.class);
		if (organization == null
				&& ClerkArgumentResolvers.isRequired(parameter, annotation != null && annotation.required())) {
			throw new AccessDeniedException(ORGANIZATION_REQUIRED);
		}
		return organization;
	}

	/**
	 * Returns the organization context of a {@link ClerkOrganizationContext} parameter.
	 * @param parameter the controller method parameter
	 * @param context the request's organization context, or {@code null} without one
	 * @return the context, or {@code null} when there is none and the parameter is not
	 * declared non-null
	 * @throws AccessDeniedException when there is none and the parameter is declared
	 * non-null (by Kotlin, or by JSpecify: see
	 * {@link ClerkArgumentResolvers#isRequired(MethodParameter, boolean)})
	 * @throws IllegalStateException when the parameter wraps the context
	 * ({@code Optional<ClerkOrganizationContext>}, say) rather than being one
	 */
	public static @Nullable ClerkOrganizationContext organizationContext(MethodParameter parameter,
			@Nullable ClerkOrganizationContext context) {
		ClerkArgumentResolvers.requireUnwrapped(parameter, ClerkOrganizationContext.class);
		if (context == null && ClerkArgumentResolvers.isRequired(parameter, false)) {
			throw new AccessDeniedException(ORGANIZATION_REQUIRED);
		}
		return context;
	}

	/**
	 * Resolves {@code @CurrentOrganization Organization} parameters.
	 */
	public static final class CurrentOrganizationResolver implements HandlerMethodArgumentResolver {

		private final @Nullable OrganizationService organizations;

		/**
		 * Creates the resolver.
		 * @param organizations the organization service, or {@code null} in an
		 * application that stores no organizations, where the parameter is {@code null}
		 * (refused with 403 where {@linkplain CurrentOrganization#required() required})
		 */
		public CurrentOrganizationResolver(@Nullable OrganizationService organizations) {
			this.organizations = organizations;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return isCurrentOrganization(parameter);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			return currentOrganization(parameter, ClerkOrganizationContext.current().orElse(null), this.organizations);
		}

	}

	/**
	 * Resolves {@link ClerkOrganizationContext} parameters ({@code null} without an
	 * active organization).
	 */
	public static final class ContextResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return isOrganizationContext(parameter);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			return organizationContext(parameter, ClerkOrganizationContext.current().orElse(null));
		}

	}

}
