package dev.clerkusers.security.reactive;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.CurrentClerkMachine;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkReactiveArgumentResolvers.CurrentUserResolver}: as on the servlet side, a
 * required {@code @CurrentClerkUser} refuses an anonymous request with 401 and names the
 * mistake when the request is signed in with a session token in an application without
 * the users table (black-box run 166, F4).
 */
class ClerkReactiveArgumentResolversTests {

	private final ClerkReactiveArgumentResolvers.CurrentUserResolver resolver = new ClerkReactiveArgumentResolvers.CurrentUserResolver();

	@Test
	void aRequiredUserOfAnAnonymousRequestIsAnAuthenticationFailure() {
		assertThatExceptionOfType(InsufficientAuthenticationException.class).isThrownBy(() -> resolve("required", null))
			.withMessage("A signed-in user is required");
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
	void anOptionalUserOfASessionTokenWithoutTheUsersTableIsNull() {
		assertThat(resolve("optional", signedInWithoutUsersTable())).isNull();
	}

	/**
	 * Black-box run 169, F1, as on the servlet side.
	 */
	@Test
	void aParameterOfAnotherTypeIsRefusedNamingTheTypeItShouldHave() {
		assertRefused(this.resolver, "userId", String.class).withMessageContaining("@CurrentClerkUser")
			.withMessageContaining("declare it as ClerkUser");
		assertRefused(new ClerkReactiveArgumentResolvers.CurrentMachineResolver(), "machineId", String.class)
			.withMessageContaining("@CurrentClerkMachine");
	}

	/**
	 * Black-box run 354 F1, as on the servlet side: a {@code Mono<ClerkSessionClaims>} is
	 * the resolver's, and refused, never left to data binding.
	 */
	@Test
	void aParameterWrappingTheClaimsIsRefusedNamingTheTypeItShouldHave() {
		assertRefused(new ClerkReactiveArgumentResolvers.SessionClaimsResolver(), "monoClaims", Mono.class)
			.withMessageContaining("Handlers.monoClaims")
			.withMessageContaining("declare it as ClerkSessionClaims");
		assertThat(new ClerkReactiveArgumentResolvers.SessionClaimsResolver().supportsParameter(
				new MethodParameter(ReflectionUtils.findMethod(Handlers.class, "principalClaims", Mono.class), 0)))
			.as("Spring Security's to resolve")
			.isFalse();
	}

	/**
	 * Black-box run 359 F1, as on the servlet side: a {@code ClerkUser} without
	 * {@code @CurrentClerkUser} is the resolver's, and refused, never data-bound.
	 */
	@Test
	void aUserParameterWithoutItsAnnotationIsRefusedNamingIt() {
		assertRefused(this.resolver, "bareUser", ClerkUser.class).withMessageContaining("Handlers.bareUser")
			.withMessageContaining("annotate it with @CurrentClerkUser");
	}

	/**
	 * Asserts that a resolver claims the first parameter of a handler and fails its
	 * resolution with an {@link IllegalStateException}.
	 */
	private static ThrowableAssertAlternative<IllegalStateException> assertRefused(
			HandlerMethodArgumentResolver resolver, String method, Class<?> type) {
		MethodParameter parameter = new MethodParameter(ReflectionUtils.findMethod(Handlers.class, method, type), 0);
		assertThat(resolver.supportsParameter(parameter)).as(method).isTrue();
		return assertThatExceptionOfType(IllegalStateException.class).as(method)
			.isThrownBy(() -> resolver
				.resolveArgument(parameter, new BindingContext(),
						MockServerWebExchange.from(MockServerHttpRequest.get("/")))
				.block());
	}

	private static ClerkAuthenticationToken signedInWithoutUsersTable() {
		long now = Instant.now().getEpochSecond();
		ClerkSessionClaims claims = ClerkSessionClaims
			.fromClaims(Map.of("sub", "user_ada", "sid", "sess_1", "exp", now + 60, "iat", now));
		return new ClerkAuthenticationToken(null, claims, null, List.of(new SimpleGrantedAuthority("ROLE_USER")),
				Instant.now());
	}

	private @Nullable Object resolve(String method, @Nullable Authentication authentication) {
		Method handler = ReflectionUtils.findMethod(Handlers.class, method, ClerkUser.class);
		MethodParameter parameter = new MethodParameter(handler, 0);
		assertThat(this.resolver.supportsParameter(parameter)).isTrue();
		Mono<Object> argument = this.resolver.resolveArgument(parameter, new BindingContext(),
				MockServerWebExchange.from(MockServerHttpRequest.get("/")));
		if (authentication != null) {
			argument = argument.contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
		}
		return argument.block();
	}

	/** Parameters of plain Java code, of unspecified nullness. */
	@NullUnmarked
	static class Handlers {

		void required(@CurrentClerkUser(required = true) ClerkUser user) {
		}

		void optional(@CurrentClerkUser ClerkUser user) {
		}

		void userId(@CurrentClerkUser(required = true) String user) {
		}

		void machineId(@CurrentClerkMachine(required = true) String machine) {
		}

		void monoClaims(Mono<ClerkSessionClaims> claims) {
		}

		void principalClaims(@AuthenticationPrincipal Mono<ClerkSessionClaims> claims) {
		}

		void bareUser(ClerkUser user) {
		}

	}

}
