package dev.clerkusers.it.kotlin

import dev.clerkusers.organizations.security.ClerkOrganizationContext
import dev.clerkusers.security.ClerkArgumentResolvers
import dev.clerkusers.security.CurrentClerkUser
import dev.clerkusers.token.ClerkSessionClaims
import dev.clerkusers.user.ClerkUser
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatIllegalStateException
import org.junit.jupiter.api.Test
import org.springframework.core.MethodParameter
import org.springframework.mock.web.MockHttpServletRequest
import org.springframework.web.context.request.ServletWebRequest
import kotlin.reflect.KFunction
import kotlin.reflect.jvm.javaMethod

/**
 * What [ClerkArgumentResolvers.isRequired], which every argument resolver of the library
 * asks on both stacks, reads of a parameter compiled by Kotlin: declared non-null and
 * without a default value, it is required whatever its annotation says; nullable, or with
 * a default value, only by its annotation. The same for a `suspend` function, whose last
 * Java parameter is the continuation (review 324: the Java tests could only declare
 * nullness with JSpecify, as Kotlin could not be compiled).
 */
class KotlinParameterNullnessTests {

    @Test
    fun aParameterDeclaredNonNullIsRequired() {
        assertThat(required(Handlers::user)).isTrue()
        assertThat(required(Handlers::claims)).isTrue()
        assertThat(required(Handlers::organization)).isTrue()
        assertThat(required(Handlers::notRequiredByItsAnnotation))
            .`as`("required = false does not make a non-null parameter take null")
            .isTrue()
    }

    @Test
    fun aNullableParameterIsRequiredOnlyByItsAnnotation() {
        assertThat(required(Handlers::nullableUser)).isFalse()
        assertThat(required(Handlers::nullableClaims)).isFalse()
        assertThat(required(Handlers::nullableOrganization)).isFalse()
        assertThat(ClerkArgumentResolvers.isRequired(parameter(Handlers::nullableUser), true)).isTrue()
    }

    @Test
    fun aParameterWithADefaultValueIsNotRequired() {
        assertThat(required(Handlers::withDefault)).isFalse()
    }

    @Test
    fun aSuspendFunctionsParametersAreReadAsTheyAreDeclared() {
        assertThat(parameter(Handlers::suspendedUser).method!!.parameterCount)
            .`as`("the continuation follows the declared parameter")
            .isEqualTo(2)
        assertThat(required(Handlers::suspendedUser)).isTrue()
        assertThat(required(Handlers::suspendedNullableUser)).isFalse()
    }

    /**
     * Black-box run 359 F1: `user: ClerkUser` without `@CurrentClerkUser` was left to
     * Spring's data binding, which built a blank user; the library's resolver claims it
     * and refuses it, naming the annotation.
     */
    @Test
    fun aUserParameterWithoutItsAnnotationIsRefusedNamingIt() {
        val resolver = ClerkArgumentResolvers.CurrentUserResolver()
        val parameter = parameter(Handlers::unannotatedUser)
        assertThat(resolver.supportsParameter(parameter)).isTrue()
        assertThatIllegalStateException()
            .isThrownBy { resolver.resolveArgument(parameter, null, ServletWebRequest(MockHttpServletRequest()), null) }
            .withMessageContaining("Handlers.unannotatedUser")
            .withMessageContaining("annotate it with @CurrentClerkUser")
    }

    private fun required(function: KFunction<*>): Boolean = ClerkArgumentResolvers.isRequired(parameter(function), false)

    private fun parameter(function: KFunction<*>): MethodParameter = MethodParameter(function.javaMethod!!, 0)

    @Suppress("UNUSED_PARAMETER")
    class Handlers {

        fun user(@CurrentClerkUser user: ClerkUser) {}

        fun nullableUser(@CurrentClerkUser user: ClerkUser?) {}

        fun unannotatedUser(user: ClerkUser) {}

        fun notRequiredByItsAnnotation(@CurrentClerkUser(required = false) user: ClerkUser) {}

        fun claims(claims: ClerkSessionClaims) {}

        fun nullableClaims(claims: ClerkSessionClaims?) {}

        fun organization(context: ClerkOrganizationContext) {}

        fun nullableOrganization(context: ClerkOrganizationContext?) {}

        fun withDefault(greeting: String = "anonymous") {}

        suspend fun suspendedUser(@CurrentClerkUser user: ClerkUser) {}

        suspend fun suspendedNullableUser(@CurrentClerkUser user: ClerkUser?) {}

    }

}
