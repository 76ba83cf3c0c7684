package dev.clerkusers.it.kotlin

import dev.clerkusers.organizations.Organization
import dev.clerkusers.organizations.security.ClerkOrganizationContext
import dev.clerkusers.organizations.security.CurrentOrganization
import dev.clerkusers.organizations.security.reactive.ReactiveOrganizationArgumentResolvers
import dev.clerkusers.security.CurrentClerkUser
import dev.clerkusers.security.reactive.ClerkReactiveArgumentResolvers
import dev.clerkusers.token.ClerkSessionClaims
import dev.clerkusers.user.ClerkUser
import org.junit.jupiter.api.Test
import org.springframework.core.MethodParameter
import org.springframework.mock.http.server.reactive.MockServerHttpRequest
import org.springframework.mock.web.server.MockServerWebExchange
import org.springframework.security.access.AccessDeniedException
import org.springframework.security.authentication.InsufficientAuthenticationException
import org.springframework.web.reactive.BindingContext
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver
import reactor.core.publisher.Mono
import reactor.test.StepVerifier
import kotlin.reflect.KFunction
import kotlin.reflect.jvm.javaMethod

/**
 * The WebFlux resolvers on parameters of `suspend` functions compiled by Kotlin, as a
 * coroutine controller declares them: an anonymous request for a non-null user or claims
 * is refused (401), one without an active organization for a non-null context too (403);
 * a nullable parameter is given nothing, which Spring passes as `null`.
 */
class KotlinReactiveParameterTests {

    @Test
    fun aNonNullUserOfAnAnonymousRequestIsRefused() {
        StepVerifier.create(resolve(ClerkReactiveArgumentResolvers.CurrentUserResolver(), Handlers::user))
            .expectErrorSatisfies { assertIs<InsufficientAuthenticationException>(it, "A signed-in user is required") }
            .verify()
        StepVerifier.create(resolve(ClerkReactiveArgumentResolvers.CurrentUserResolver(), Handlers::nullableUser))
            .verifyComplete()
    }

    @Test
    fun nonNullClaimsOfAnAnonymousRequestAreRefused() {
        StepVerifier.create(resolve(ClerkReactiveArgumentResolvers.SessionClaimsResolver(), Handlers::claims))
            .expectErrorSatisfies { assertIs<InsufficientAuthenticationException>(it, "A Clerk session token is required") }
            .verify()
        StepVerifier.create(resolve(ClerkReactiveArgumentResolvers.SessionClaimsResolver(), Handlers::nullableClaims))
            .verifyComplete()
    }

    @Test
    fun aNonNullOrganizationContextWithoutAnActiveOrganizationIsAccessDenied() {
        StepVerifier.create(resolve(ReactiveOrganizationArgumentResolvers.ContextResolver(), Handlers::organization))
            .expectError(AccessDeniedException::class.java)
            .verify()
        StepVerifier
            .create(resolve(ReactiveOrganizationArgumentResolvers.ContextResolver(), Handlers::nullableOrganization))
            .verifyComplete()
    }

    @Test
    fun aNonNullCurrentOrganizationWithoutOneIsAccessDenied() {
        val resolver = ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver(null)
        StepVerifier.create(resolve(resolver, Handlers::currentOrganization))
            .expectError(AccessDeniedException::class.java)
            .verify()
        StepVerifier.create(resolve(resolver, Handlers::nullableCurrentOrganization)).verifyComplete()
    }

    private fun resolve(resolver: HandlerMethodArgumentResolver, function: KFunction<*>): Mono<Any> {
        val parameter = MethodParameter(function.javaMethod!!, 0)
        check(resolver.supportsParameter(parameter)) { "$resolver does not take $parameter" }
        val exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/kotlin"))
        return resolver.resolveArgument(parameter, BindingContext(), exchange)
    }

    private inline fun <reified T : Throwable> assertIs(failure: Throwable, message: String) {
        check(failure is T && failure.message == message) { "Expected ${T::class.simpleName}($message), got $failure" }
    }

    @Suppress("UNUSED_PARAMETER")
    class Handlers {

        suspend fun user(@CurrentClerkUser user: ClerkUser) {}

        suspend fun nullableUser(@CurrentClerkUser user: ClerkUser?) {}

        suspend fun claims(claims: ClerkSessionClaims) {}

        suspend fun nullableClaims(claims: ClerkSessionClaims?) {}

        suspend fun organization(context: ClerkOrganizationContext) {}

        suspend fun nullableOrganization(context: ClerkOrganizationContext?) {}

        suspend fun currentOrganization(@CurrentOrganization organization: Organization) {}

        suspend fun nullableCurrentOrganization(@CurrentOrganization organization: Organization?) {}

    }

}
