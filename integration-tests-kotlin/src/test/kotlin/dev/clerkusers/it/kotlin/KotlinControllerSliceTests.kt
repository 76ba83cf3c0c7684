package dev.clerkusers.it.kotlin

import dev.clerkusers.organizations.Organization
import dev.clerkusers.organizations.security.ClerkOrganizationContext
import dev.clerkusers.organizations.security.CurrentOrganization
import dev.clerkusers.security.CurrentClerkUser
import dev.clerkusers.test.context.AutoConfigureFakeClerk
import dev.clerkusers.test.security.ClerkRequestPostProcessors.clerkUser
import dev.clerkusers.test.security.WithClerkUser
import dev.clerkusers.token.ClerkSessionClaims
import dev.clerkusers.user.ClerkUser
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.context.annotation.Import
import org.springframework.security.config.annotation.web.builders.HttpSecurity
import org.springframework.security.web.SecurityFilterChain
import org.springframework.test.web.servlet.MockMvc
import org.springframework.test.web.servlet.get
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch
import org.springframework.test.web.servlet.result.MockMvcResultMatchers.content
import org.springframework.test.web.servlet.result.MockMvcResultMatchers.status
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.RestController

/**
 * A Kotlin controller in a `@WebMvcTest` slice, as authentication.md and organizations.md
 * describe it: a parameter declared non-null answers a request without its value (401
 * anonymous, 403 without an active organization) instead of handing `null` to a
 * parameter that cannot take it (black-box run 321 F1: a `NullPointerException`, a 500);
 * a nullable one is given `null`.
 */
@WebMvcTest(KotlinController::class)
@Import(PermitAllSecurity::class)
@AutoConfigureFakeClerk
class KotlinControllerSliceTests(@param:Autowired private val mvc: MockMvc) {

    @Test
    fun anAnonymousRequestForANonNullUserIs401() {
        mvc.get("/kotlin/user").andExpect { status { isUnauthorized() } }
    }

    @Test
    fun anAnonymousRequestForANullableUserIsGivenNull() {
        mvc.get("/kotlin/nullable-user").andExpect {
            status { isOk() }
            content { string("anonymous") }
        }
    }

    @Test
    @WithClerkUser(value = "user_ada", email = "ada@example.com")
    fun aSignedInUserIsGivenToANonNullParameter() {
        mvc.get("/kotlin/user").andExpect {
            status { isOk() }
            content { string("ada@example.com") }
        }
    }

    @Test
    fun theClaimsOfAVerifiedTokenAreGivenAndAnAnonymousRequestForThemIs401() {
        mvc.get("/kotlin/claims") { with(clerkUser("user_ada")) }.andExpect {
            status { isOk() }
            content { string("user_ada") }
        }
        mvc.get("/kotlin/claims").andExpect { status { isUnauthorized() } }
        mvc.get("/kotlin/nullable-claims").andExpect { content { string("anonymous") } }
    }

    @Test
    fun aSignInWithoutAnActiveOrganizationIs403ForANonNullOrganizationAndNullForANullableOne() {
        for (path in listOf("/kotlin/organization", "/kotlin/current-organization")) {
            mvc.get(path) { with(clerkUser("user_ada")) }.andExpect { status { isForbidden() } }
            mvc.get(path.replace("/kotlin/", "/kotlin/nullable-")) { with(clerkUser("user_ada")) }.andExpect {
                status { isOk() }
                content { string("none") }
            }
        }
    }

    @Test
    fun aSuspendFunctionsNonNullUserIsRequired() {
        mvc.get("/kotlin/suspended-user").andExpect { status { isUnauthorized() } }
    }

    @Test
    @WithClerkUser(value = "user_ada", email = "ada@example.com")
    fun aSuspendFunctionIsGivenTheSignedInUser() {
        val started = mvc.get("/kotlin/suspended-user").andExpect { request { asyncStarted() } }.andReturn()
        mvc.perform(asyncDispatch(started))
            .andExpect(status().isOk())
            .andExpect(content().string("ada@example.com"))
    }

}

@SpringBootApplication
class KotlinTestApplication

@Configuration(proxyBeanMethods = false)
class PermitAllSecurity {

    @Bean
    fun api(http: HttpSecurity): SecurityFilterChain =
        http.authorizeHttpRequests { it.anyRequest().permitAll() }.build()

}

@RestController
class KotlinController {

    @GetMapping("/kotlin/user")
    fun user(@CurrentClerkUser user: ClerkUser): String = user.email ?: "no email"

    @GetMapping("/kotlin/nullable-user")
    fun nullableUser(@CurrentClerkUser user: ClerkUser?): String = user?.email ?: "anonymous"

    @GetMapping("/kotlin/claims")
    fun claims(claims: ClerkSessionClaims): String = claims.userId()

    @GetMapping("/kotlin/nullable-claims")
    fun nullableClaims(claims: ClerkSessionClaims?): String = claims?.userId() ?: "anonymous"

    @GetMapping("/kotlin/suspended-user")
    suspend fun suspendedUser(@CurrentClerkUser user: ClerkUser): String = user.email ?: "no email"

    @GetMapping("/kotlin/current-organization")
    fun currentOrganization(@CurrentOrganization organization: Organization): String = organization.clerkId

    @GetMapping("/kotlin/nullable-current-organization")
    fun nullableCurrentOrganization(@CurrentOrganization organization: Organization?): String =
        organization?.clerkId ?: "none"

    @GetMapping("/kotlin/organization")
    fun organization(context: ClerkOrganizationContext): String = context.organizationId()

    @GetMapping("/kotlin/nullable-organization")
    fun nullableOrganization(context: ClerkOrganizationContext?): String = context?.organizationId() ?: "none"

}
