package dev.clerkusers.security;

import java.lang.annotation.Annotation;
import java.lang.reflect.TypeVariable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserLoader;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.Nullness;
import org.springframework.core.ResolvableType;
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
 * {@link ClerkUser} parameters, {@link CurrentClerkMachine @CurrentClerkMachine}
 * {@link ClerkMachineToken} parameters, and {@link ClerkSessionClaims} parameters (the
 * claims of the request's Clerk session token, or {@code null}).
 */
public final class ClerkArgumentResolvers {

	/**
	 * The simple names of nullness annotations, which say nothing of who resolves a
	 * parameter.
	 */
	private static final Set<String> NULLNESS_ANNOTATIONS = Set.of("Nullable", "NonNull", "Nonnull", "NotNull");

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
	 * Refuses a parameter that carries one of the library's annotations but cannot take
	 * the value it binds. Every parameter with the annotation belongs to the library's
	 * resolver: one of another type ({@code Optional<ClerkUser>}, {@code String}) is not
	 * left to Spring's data binding, which would fill it from the request and make
	 * {@code required} meaningless.
	 * @param parameter the controller method parameter
	 * @param annotation the annotation on it
	 * @param type the type of the value the annotation binds
	 * @throws IllegalStateException naming the method, the parameter's type and the type
	 * to declare
	 */
	public static void requireParameterType(MethodParameter parameter, Class<? extends Annotation> annotation,
			Class<?> type) {
		if (!parameter.getParameterType().isAssignableFrom(type)) {
			throw new IllegalStateException("@" + annotation.getSimpleName() + " binds a value of type "
					+ type.getSimpleName() + ", which " + describe(parameter) + ", cannot take: declare it as "
					+ type.getSimpleName() + " (null when there is none)");
		}
	}

	/**
	 * Whether a parameter is of a type that the library resolves without an annotation
	 * ({@link ClerkSessionClaims}, the organization context), or wraps one
	 * ({@code Optional<T>}, {@code Mono<T>}, an array, any generic type with one among
	 * its type arguments, at any depth) and has no annotation but nullness ones. Every
	 * such parameter belongs to the library's resolver, which refuses the wrapped ones
	 * ({@link #requireUnwrapped}): none is left to Spring's data binding, which would
	 * build the value from the request's parameters, for anyone to name any organization
	 * and role (black-box run 354). A wrapped one with another annotation (Spring
	 * Security's {@code @AuthenticationPrincipal Mono<ClerkSessionClaims>}, say) is left
	 * to whoever resolves it.
	 * @param parameter the controller method parameter
	 * @param type the type the library resolves
	 * @return {@code true} when the parameter is the library's
	 */
	public static boolean isOrWraps(MethodParameter parameter, Class<?> type) {
		return type.isAssignableFrom(parameter.getParameterType())
				|| (isBare(parameter) && wraps(ResolvableType.forMethodParameter(parameter), type));
	}

	/**
	 * Whether a parameter has no annotation but nullness ones, which say nothing of who
	 * resolves it.
	 */
	private static boolean isBare(MethodParameter parameter) {
		for (Annotation present : parameter.getParameterAnnotations()) {
			if (!NULLNESS_ANNOTATIONS.contains(present.annotationType().getSimpleName())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a type holds the given one among its declared type arguments or its array
	 * component, at any depth. A type variable's are its bound's, which may name the
	 * variable again ({@code E extends Enum<E>}): the search ends there (review 358).
	 */
	private static boolean wraps(ResolvableType wrapper, Class<?> type) {
		if (wrapper.getType() instanceof TypeVariable<?>) {
			return false;
		}
		List<ResolvableType> wrapped = new ArrayList<>(List.of(wrapper.getGenerics()));
		if (wrapper.isArray()) {
			wrapped.add(wrapper.getComponentType());
		}
		for (ResolvableType inner : wrapped) {
			Class<?> resolved = inner.resolve();
			if ((resolved != null && type.isAssignableFrom(resolved)) || wraps(inner, type)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Refuses a parameter that wraps a type the library resolves without an annotation
	 * (see {@link #isOrWraps}): the value is given as it is, {@code null} when there is
	 * none, on WebFlux too.
	 * @param parameter the controller method parameter
	 * @param type the type the library resolves
	 * @throws IllegalStateException naming the method, the parameter's type and the type
	 * to declare
	 */
	public static void requireUnwrapped(MethodParameter parameter, Class<?> type) {
		if (!type.isAssignableFrom(parameter.getParameterType())) {
			throw new IllegalStateException("clerk-users gives " + type.getSimpleName() + " parameters the "
					+ "request's own, never one built from the request's parameters, and " + describe(parameter)
					+ ", wraps one: declare it as " + type.getSimpleName() + " (null when there is none)");
		}
	}

	/**
	 * Whether a parameter has one of the library's annotations, or none at all while its
	 * type is the one the annotation binds (or wraps it, as {@link #isOrWraps} reads a
	 * type): the library's resolver claims the latter to refuse it
	 * ({@link #requireAnnotation}), rather than leave it to Spring's data binding, which
	 * builds a blank value from the request's parameters (black-box run 359: a Kotlin
	 * {@code user: ClerkUser} without {@code @CurrentClerkUser} was a blank user on every
	 * request, anonymous ones included). Nullness annotations do not count; a parameter
	 * with any other annotation (an application's own, {@code @ModelAttribute}) is left
	 * to whoever resolves it.
	 * @param parameter the controller method parameter
	 * @param annotation the library's annotation
	 * @param type the type of the value the annotation binds
	 * @return {@code true} when the library's resolver claims the parameter
	 */
	public static boolean isAnnotatedOrBare(MethodParameter parameter, Class<? extends Annotation> annotation,
			Class<?> type) {
		return parameter.hasParameterAnnotation(annotation) || (isBare(parameter) && isOrWraps(parameter, type));
	}

	/**
	 * Refuses a parameter claimed without the library's annotation (see
	 * {@link #isAnnotatedOrBare}).
	 * @param parameter the controller method parameter
	 * @param annotation the library's annotation
	 * @param type the type of the value the annotation binds
	 * @throws IllegalStateException naming the method, the parameter's type and the
	 * annotation
	 */
	public static void requireAnnotation(MethodParameter parameter, Class<? extends Annotation> annotation,
			Class<?> type) {
		if (!parameter.hasParameterAnnotation(annotation)) {
			throw new IllegalStateException("clerk-users binds the request's " + type.getSimpleName() + " with @"
					+ annotation.getSimpleName() + ", and " + describe(parameter) + ", has none: annotate it with @"
					+ annotation.getSimpleName() + " (null when there is none), or with @ModelAttribute to build one"
					+ " from the request's parameters");
		}
	}

	private static String describe(MethodParameter parameter) {
		return "parameter " + parameter.getParameterIndex() + " of "
				+ parameter.getExecutable().getDeclaringClass().getSimpleName() + "."
				+ parameter.getExecutable().getName() + ", a " + parameter.getGenericParameterType().getTypeName();
	}

	/**
	 * Whether a parameter must be given a value: its annotation says so
	 * ({@code required = true}), or the parameter is declared non-null and has no
	 * default, by Kotlin (a parameter {@code user: ClerkUser}, which cannot take
	 * {@code null}; one with a default value takes it instead) or by JSpecify (a method,
	 * class or package annotated {@code @NullMarked}, the parameter without
	 * {@code @Nullable}), as Spring reads a parameter's nullness
	 * ({@link Nullness#forMethodParameter}, which reads neither an enclosing class's
	 * annotation nor a module's). A parameter of unspecified nullness (plain Java) is
	 * required only by its annotation; a parameter declared non-null without a default is
	 * required whatever its annotation says, {@code required = false} included.
	 * @param parameter the controller method parameter
	 * @param requiredByAnnotation whether its annotation requires it
	 * @return whether a request without the value is refused rather than given
	 * {@code null}
	 */
	public static boolean isRequired(MethodParameter parameter, boolean requiredByAnnotation) {
		return requiredByAnnotation
				|| (Nullness.forMethodParameter(parameter) == Nullness.NON_NULL && !parameter.isOptional());
	}

	/**
	 * The refusal of a required {@link CurrentClerkUser @CurrentClerkUser} parameter
	 * without a user: an {@link InsufficientAuthenticationException} (answered 401) for a
	 * request that is anonymous or signed in without a user, or an
	 * {@link IllegalStateException} for a request signed in with a Clerk session token in
	 * an application without the users table, where no request has a user and the
	 * parameter is a mistake of the controller, not of the client.
	 * @param authentication the authentication, or {@code null}
	 * @return the exception to throw
	 */
	public static RuntimeException missingUser(@Nullable Authentication authentication) {
		if (authentication instanceof ClerkAuthenticationToken clerk && clerk.getUser().isEmpty()) {
			return new IllegalStateException("A required @CurrentClerkUser (required = true, or declared non-null) has "
					+ "no user to give: this "
					+ "application runs without the users table, where the principal of a Clerk sign-in is the "
					+ "token's ClerkSessionClaims; take a ClerkSessionClaims parameter instead");
		}
		return new InsufficientAuthenticationException("A signed-in user is required");
	}

	/**
	 * The local user of an API key whose subject is a user, for
	 * {@link CurrentClerkUser#apiKeyUser()}: loaded as for a session token (which may
	 * block), {@code null} when inactive or locked out.
	 * @param machine the machine token
	 * @param userLoader the loader
	 * @param clock the clock that tells whether the user is locked out
	 * @return the user, or {@code null} for another token type or subject
	 * @throws ClerkServiceUnavailableException when the database cannot be read (answered
	 * 503)
	 */
	public static @Nullable ClerkUser apiKeyUser(ClerkMachineToken machine, ClerkUserLoader userLoader, Clock clock) {
		if (machine.type() != ClerkTokenType.API_KEY) {
			return null;
		}
		String userId = machine.userId().orElse(null);
		if (userId == null) {
			return null;
		}
		ClerkUser user;
		try {
			user = userLoader.load(userId).orElse(null);
		}
		catch (RuntimeException ex) {
			throw ClerkServiceUnavailableException.whileReading(ex,
					"The user of this API key could not be loaded; try again shortly");
		}
		return (user != null && user.isActive() && !user.isLockedAt(clock.instant())) ? user : null;
	}

	/**
	 * Resolves {@code @CurrentClerkUser ClerkUser} parameters.
	 */
	public static final class CurrentUserResolver implements HandlerMethodArgumentResolver {

		private SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

		private @Nullable ClerkUserLoader userLoader;

		private Clock clock = Clock.systemUTC();

		/**
		 * Sets the security context holder strategy.
		 * @param holder the strategy
		 */
		public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy holder) {
			this.holder = holder;
		}

		/**
		 * Loads the user of an API key, for {@link CurrentClerkUser#apiKeyUser()}.
		 * @param userLoader the loader
		 */
		public void setUserLoader(ClerkUserLoader userLoader) {
			this.userLoader = userLoader;
		}

		/**
		 * Sets the clock that tells whether a user is locked out.
		 * @param clock the clock
		 */
		public void setClock(Clock clock) {
			this.clock = clock;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return isAnnotatedOrBare(parameter, CurrentClerkUser.class, ClerkUser.class);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			requireAnnotation(parameter, CurrentClerkUser.class, ClerkUser.class);
			requireParameterType(parameter, CurrentClerkUser.class, ClerkUser.class);
			Authentication authentication = this.holder.getContext().getAuthentication();
			CurrentClerkUser annotation = parameter.getParameterAnnotation(CurrentClerkUser.class);
			ClerkUser user = userOf(authentication);
			if (user == null && annotation != null && annotation.apiKeyUser()
					&& authentication instanceof ClerkMachineAuthenticationToken machine) {
				user = apiKeyUser(machine.getMachine());
			}
			if (user == null && isRequired(parameter, annotation != null && annotation.required())) {
				throw missingUser(authentication);
			}
			return user;
		}

		private @Nullable ClerkUser apiKeyUser(ClerkMachineToken machine) {
			return (this.userLoader != null) ? ClerkArgumentResolvers.apiKeyUser(machine, this.userLoader, this.clock)
					: null;
		}

	}

	/**
	 * Resolves {@code @CurrentClerkMachine ClerkMachineToken} parameters.
	 */
	public static final class CurrentMachineResolver implements HandlerMethodArgumentResolver {

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
			return isAnnotatedOrBare(parameter, CurrentClerkMachine.class, ClerkMachineToken.class);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			requireAnnotation(parameter, CurrentClerkMachine.class, ClerkMachineToken.class);
			requireParameterType(parameter, CurrentClerkMachine.class, ClerkMachineToken.class);
			ClerkMachineToken machine = (this.holder.getContext()
				.getAuthentication() instanceof ClerkMachineAuthenticationToken token) ? token.getMachine() : null;
			CurrentClerkMachine annotation = parameter.getParameterAnnotation(CurrentClerkMachine.class);
			if (machine == null && isRequired(parameter, annotation != null && annotation.required())) {
				throw new InsufficientAuthenticationException("A machine token is required");
			}
			return machine;
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
			return isOrWraps(parameter, ClerkSessionClaims.class);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
			requireUnwrapped(parameter, ClerkSessionClaims.class);
			ClerkSessionClaims claims = (this.holder.getContext()
				.getAuthentication() instanceof ClerkAuthenticationToken clerk) ? clerk.getClaims() : null;
			if (claims == null && isRequired(parameter, false)) {
				throw new InsufficientAuthenticationException("A Clerk session token is required");
			}
			return claims;
		}

	}

}
