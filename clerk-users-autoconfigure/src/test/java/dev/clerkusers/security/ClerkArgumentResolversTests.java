package dev.clerkusers.security;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkArgumentResolvers.CurrentUserResolver}: a required
 * {@code @CurrentClerkUser} refuses an anonymous request with 401, and says what is wrong
 * when the request is signed in with a session token in an application without the users
 * table, where no request ever has a user (black-box run 166, F4: it answered the same
 * 401 as to an anonymous request, to a client whose token was valid).
 */
class ClerkArgumentResolversTests {

	private final ClerkArgumentResolvers.CurrentUserResolver resolver = new ClerkArgumentResolvers.CurrentUserResolver();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aRequiredUserOfAnAnonymousRequestIsAnAuthenticationFailure() {
		assertThatExceptionOfType(InsufficientAuthenticationException.class).isThrownBy(() -> resolve("required", null))
			.withMessage("A signed-in user is required");
	}

	@Test
	void aRequiredUserOfAMechanismWithoutAUserIsAnAuthenticationFailure() {
		Authentication other = new TestingAuthenticationToken("someone", "secret", "ROLE_USER");
		assertThatExceptionOfType(InsufficientAuthenticationException.class)
			.isThrownBy(() -> resolve("required", other));
	}

	@Test
	void aRequiredUserOfASessionTokenWithoutTheUsersTableIsAProgrammingErrorThatNamesTheFix() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> resolve("required", signedInWithoutUsersTable()))
			.withMessageContaining("A required @CurrentClerkUser (required = true, or declared non-null)")
			.withMessageContaining("without the users table")
			.withMessageContaining("ClerkSessionClaims");
	}

	@Test
	void anOptionalUserOfASessionTokenWithoutTheUsersTableIsNull() throws Exception {
		assertThat(resolve("optional", signedInWithoutUsersTable())).isNull();
	}

	/**
	 * Black-box run 169, F1 (found with {@code @CurrentOrganization}, the same here): a
	 * parameter of another type was left to Spring MVC's data binding, which filled it
	 * from the request, and {@code required} had no effect.
	 */
	@Test
	void aParameterOfAnotherTypeIsRefusedNamingTheTypeItShouldHave() {
		MethodParameter parameter = new MethodParameter(
				ReflectionUtils.findMethod(Handlers.class, "optionalUser", Optional.class), 0);
		assertThat(this.resolver.supportsParameter(parameter)).isTrue();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.resolver.resolveArgument(parameter, null,
					new ServletWebRequest(new MockHttpServletRequest()), null))
			.withMessageContaining("@CurrentClerkUser")
			.withMessageContaining("java.util.Optional<dev.clerkusers.user.ClerkUser>")
			.withMessageContaining("Handlers.optionalUser")
			.withMessageContaining("declare it as ClerkUser");
		ClerkArgumentResolvers.CurrentMachineResolver machines = new ClerkArgumentResolvers.CurrentMachineResolver();
		MethodParameter machine = new MethodParameter(
				ReflectionUtils.findMethod(Handlers.class, "machineId", String.class), 0);
		assertThat(machines.supportsParameter(machine)).isTrue();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> machines.resolveArgument(machine, null,
					new ServletWebRequest(new MockHttpServletRequest()), null))
			.withMessageContaining("@CurrentClerkMachine")
			.withMessageContaining("declare it as ClerkMachineToken");
	}

	/**
	 * Black-box run 354 F1 (found with the organization context, the same here): a
	 * parameter wrapping the claims ({@code Optional}, a {@code Mono}, at any depth) was
	 * left to Spring's data binding, which builds a value from the request's parameters.
	 * It is the resolver's, and refused naming the type to declare; one of another type
	 * is not its.
	 */
	@Test
	void aParameterWrappingTheClaimsIsRefusedNamingTheTypeItShouldHave() throws Exception {
		ClerkArgumentResolvers.SessionClaimsResolver claims = new ClerkArgumentResolvers.SessionClaimsResolver();
		for (String method : new String[] { "optionalClaims", "monoClaims", "listOfOptionalClaims", "arrayOfClaims" }) {
			MethodParameter parameter = new MethodParameter(
					ReflectionUtils.findMethod(Handlers.class, method, (Class<?>[]) null), 0);
			assertThat(claims.supportsParameter(parameter)).as(method).isTrue();
			assertThatExceptionOfType(IllegalStateException.class).as(method)
				.isThrownBy(() -> claims.resolveArgument(parameter, null,
						new ServletWebRequest(new MockHttpServletRequest()), null))
				.withMessageContaining("never one built from the request's parameters")
				.withMessageContaining("Handlers." + method)
				.withMessageContaining("declare it as ClerkSessionClaims");
		}
		MethodParameter plain = new MethodParameter(
				ReflectionUtils.findMethod(Handlers.class, "claims", ClerkSessionClaims.class), 0);
		assertThat(claims.resolveArgument(plain, null, new ServletWebRequest(new MockHttpServletRequest()), null))
			.isNull();
		assertThat(claims.supportsParameter(
				new MethodParameter(ReflectionUtils.findMethod(Handlers.class, "machineId", String.class), 0)))
			.isFalse();
	}

	/**
	 * Review 358 R1: a parameter of a self-bounded type variable ({@code E extends
	 * Enum<E>}) or a raw self-bounded class ({@code EnumSet}) sent the search for a
	 * wrapped type round its bound for ever, a {@code StackOverflowError} on every
	 * request. Neither is the library's.
	 */
	@Test
	void selfBoundedTypesAreNotTheResolversAndEndTheSearch() {
		ClerkArgumentResolvers.SessionClaimsResolver claims = new ClerkArgumentResolvers.SessionClaimsResolver();
		for (String method : new String[] { "selfBounded", "rawEnumSet" }) {
			MethodParameter parameter = new MethodParameter(
					ReflectionUtils.findMethod(Handlers.class, method, (Class<?>[]) null), 0);
			assertThat(claims.supportsParameter(parameter)).as(method).isFalse();
			assertThat(this.resolver.supportsParameter(parameter)).as(method).isFalse();
		}
	}

	/**
	 * Black-box run 359 F1: a {@code ClerkUser} or {@code ClerkMachineToken} parameter
	 * without its annotation was left to Spring's data binding, which built a blank value
	 * for every request. It is the resolver's, and refused naming the annotation; one
	 * with another annotation ({@code @ModelAttribute}, an application's own) is not.
	 */
	@Test
	void aParameterWithoutItsAnnotationIsRefusedNamingIt() {
		ClerkArgumentResolvers.CurrentMachineResolver machines = new ClerkArgumentResolvers.CurrentMachineResolver();
		for (String method : new String[] { "bareUser", "bareOptionalUser", "bareMachine" }) {
			MethodParameter parameter = new MethodParameter(
					ReflectionUtils.findMethod(Handlers.class, method, (Class<?>[]) null), 0);
			HandlerMethodArgumentResolver resolver = method.endsWith("Machine") ? machines : this.resolver;
			assertThat(resolver.supportsParameter(parameter)).as(method).isTrue();
			assertThatExceptionOfType(IllegalStateException.class).as(method)
				.isThrownBy(() -> resolver.resolveArgument(parameter, null,
						new ServletWebRequest(new MockHttpServletRequest()), null))
				.withMessageContaining("Handlers." + method)
				.withMessageContaining(method.endsWith("Machine") ? "annotate it with @CurrentClerkMachine"
						: "annotate it with @CurrentClerkUser");
		}
		assertThat(this.resolver.supportsParameter(
				new MethodParameter(ReflectionUtils.findMethod(Handlers.class, "boundUser", ClerkUser.class), 0)))
			.isFalse();
	}

	/**
	 * Black-box run 321 F1: a Kotlin controller's parameter of a non-null type
	 * ({@code user: ClerkUser}) was given {@code null} for an anonymous request, and the
	 * request failed with a {@code NullPointerException}, a 500. A parameter declared
	 * non-null, by Kotlin or by JSpecify ({@code @NullMarked}, as here; Kotlin's own in
	 * the integration-tests-kotlin module), is required: 401 as with
	 * {@code required = true}; one declared {@code @Nullable} is not.
	 */
	@Test
	void aParameterDeclaredNonNullIsRequired() throws Exception {
		ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest());
		assertThatExceptionOfType(InsufficientAuthenticationException.class)
			.isThrownBy(() -> this.resolver.resolveArgument(declared("user", ClerkUser.class), null, request, null))
			.withMessage("A signed-in user is required");
		assertThat(this.resolver.resolveArgument(declared("nullableUser", ClerkUser.class), null, request, null))
			.isNull();
		assertThatExceptionOfType(InsufficientAuthenticationException.class)
			.isThrownBy(() -> new ClerkArgumentResolvers.CurrentMachineResolver()
				.resolveArgument(declared("machine", ClerkMachineToken.class), null, request, null))
			.withMessage("A machine token is required");
		ClerkArgumentResolvers.SessionClaimsResolver claims = new ClerkArgumentResolvers.SessionClaimsResolver();
		assertThatExceptionOfType(InsufficientAuthenticationException.class)
			.isThrownBy(() -> claims.resolveArgument(declared("claims", ClerkSessionClaims.class), null, request, null))
			.withMessage("A Clerk session token is required");
		assertThat(claims.resolveArgument(declared("nullableClaims", ClerkSessionClaims.class), null, request, null))
			.isNull();
		assertThat(claims.resolveArgument(
				new MethodParameter(ReflectionUtils.findMethod(Handlers.class, "claims", ClerkSessionClaims.class), 0),
				null, request, null))
			.as("a parameter of unspecified nullness")
			.isNull();
	}

	/**
	 * Review 325: a parameter declared non-null that Spring calls optional (a Kotlin
	 * parameter with a default value, which Spring leaves to the default by passing
	 * {@code null}) is not required; and without the users table, a non-null
	 * {@code ClerkUser} is the controller's mistake, told as such, as
	 * {@code required = true} is.
	 */
	@Test
	void aNonNullParameterWithADefaultIsOptionalAndWithoutTheUsersTableIsAProgrammingError() throws Exception {
		ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest());
		MethodParameter withDefault = new MethodParameter(
				ReflectionUtils.findMethod(NonNullHandlers.class, "user", ClerkUser.class), 0) {

			@Override
			public boolean isOptional() {
				return true;
			}

		};
		assertThat(this.resolver.resolveArgument(withDefault, null, request, null)).isNull();
		SecurityContextHolder.getContext().setAuthentication(signedInWithoutUsersTable());
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.resolver.resolveArgument(declared("user", ClerkUser.class), null, request, null))
			.withMessageContaining("declared non-null")
			.withMessageContaining("ClerkSessionClaims");
	}

	static MethodParameter declared(String method, Class<?> type) {
		return new MethodParameter(ReflectionUtils.findMethod(NonNullHandlers.class, method, type), 0);
	}

	static ClerkAuthenticationToken signedInWithoutUsersTable() {
		long now = Instant.now().getEpochSecond();
		ClerkSessionClaims claims = ClerkSessionClaims
			.fromClaims(Map.of("sub", "user_ada", "sid", "sess_1", "exp", now + 60, "iat", now));
		return new ClerkAuthenticationToken(null, claims, null, List.of(new SimpleGrantedAuthority("ROLE_USER")),
				Instant.now());
	}

	private Object resolve(String method, Authentication authentication) throws Exception {
		if (authentication != null) {
			SecurityContextHolder.getContext().setAuthentication(authentication);
		}
		Method handler = ReflectionUtils.findMethod(Handlers.class, method, ClerkUser.class);
		MethodParameter parameter = new MethodParameter(handler, 0);
		assertThat(this.resolver.supportsParameter(parameter)).isTrue();
		return this.resolver.resolveArgument(parameter, null, new ServletWebRequest(new MockHttpServletRequest()),
				null);
	}

	/** Parameters of plain Java code, of unspecified nullness. */
	@NullUnmarked
	static class Handlers {

		void required(@CurrentClerkUser(required = true) ClerkUser user) {
		}

		void optional(@CurrentClerkUser ClerkUser user) {
		}

		void optionalUser(@CurrentClerkUser(required = true) Optional<ClerkUser> user) {
		}

		void machineId(@CurrentClerkMachine(required = true) String machine) {
		}

		void claims(ClerkSessionClaims claims) {
		}

		void optionalClaims(Optional<ClerkSessionClaims> claims) {
		}

		void monoClaims(Mono<ClerkSessionClaims> claims) {
		}

		void listOfOptionalClaims(List<Optional<ClerkSessionClaims>> claims) {
		}

		void arrayOfClaims(ClerkSessionClaims[] claims) {
		}

		void bareUser(ClerkUser user) {
		}

		<E extends Enum<E>> void selfBounded(E filter) {
		}

		@SuppressWarnings("rawtypes")
		void rawEnumSet(EnumSet filters) {
		}

		void bareOptionalUser(Optional<ClerkUser> user) {
		}

		void bareMachine(ClerkMachineToken machine) {
		}

		void boundUser(@ModelAttribute ClerkUser user) {
		}

	}

	/** Parameters as a Kotlin controller declares them, in JSpecify's terms. */
	@NullMarked
	static class NonNullHandlers {

		void user(@CurrentClerkUser ClerkUser user) {
		}

		void nullableUser(@CurrentClerkUser @Nullable ClerkUser user) {
		}

		void machine(@CurrentClerkMachine ClerkMachineToken machine) {
		}

		void claims(ClerkSessionClaims claims) {
		}

		void nullableClaims(@Nullable ClerkSessionClaims claims) {
		}

	}

}
