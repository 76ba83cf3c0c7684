package dev.clerkusers.organizations.security;

import java.lang.reflect.Method;
import java.util.Optional;

import dev.clerkusers.organizations.Organization;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.request.ServletWebRequest;

import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.SESSION;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link OrganizationArgumentResolvers.CurrentOrganizationResolver}: every
 * {@code @CurrentOrganization} parameter is its own, so that {@code required} always
 * holds (black-box run 169, F1: an {@code Optional<Organization>} or {@code String}
 * parameter was left to Spring MVC's data binding, which filled it from the query string
 * of a request without an organization).
 */
class OrganizationArgumentResolversTests {

	private final OrganizationArgumentResolvers.CurrentOrganizationResolver resolver = new OrganizationArgumentResolvers.CurrentOrganizationResolver(
			null);

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aParameterOfAnotherTypeIsRefusedNamingTheTypeItShouldHave() {
		SecurityContextHolder.getContext().setAuthentication(token(SESSION, null));
		for (String method : new String[] { "optional", "string", "bare" }) {
			MethodParameter parameter = parameter(method);
			assertThat(this.resolver.supportsParameter(parameter)).as(method).isTrue();
			assertThatExceptionOfType(IllegalStateException.class).as(method)
				.isThrownBy(() -> resolve(parameter))
				.withMessageContaining("@CurrentOrganization")
				.withMessageContaining("Controller." + method)
				.withMessageContaining(
						method.equals("bare") ? "annotate it with @CurrentOrganization" : "declare it as Organization");
		}
	}

	/**
	 * Black-box run 354 F1: a parameter wrapping the context ({@code Optional} on
	 * servlet) was left to Spring MVC's data binding, which built the context from the
	 * query string, for anyone to name any organization and role. It is the resolver's,
	 * and refused naming the type to declare.
	 */
	@Test
	void aParameterWrappingTheContextIsRefusedNamingTheTypeItShouldHave() {
		SecurityContextHolder.getContext().setAuthentication(token(SESSION, null));
		OrganizationArgumentResolvers.ContextResolver contexts = new OrganizationArgumentResolvers.ContextResolver();
		MethodParameter parameter = parameter("optionalContext");
		assertThat(contexts.supportsParameter(parameter)).isTrue();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> contexts.resolveArgument(parameter, null,
					new ServletWebRequest(new MockHttpServletRequest()), null))
			.withMessageContaining("java.util.Optional<dev.clerkusers.organizations.security.ClerkOrganizationContext>")
			.withMessageContaining("Controller.optionalContext")
			.withMessageContaining("declare it as ClerkOrganizationContext");
	}

	@Test
	void aRequiredOrganizationParameterWithoutAnOrganizationIsAccessDenied() {
		SecurityContextHolder.getContext().setAuthentication(token(SESSION, null));
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> resolve(parameter("required")));
	}

	/**
	 * Black-box run 321 F1, on servlet: declared non-null (by Kotlin, or here by
	 * JSpecify), the organization's parameters are required: 403 without one.
	 */
	@Test
	void parametersDeclaredNonNullWithoutAnActiveOrganizationAreAccessDenied() {
		SecurityContextHolder.getContext().setAuthentication(token(SESSION, null));
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> resolve(new MethodParameter(
				ReflectionUtils.findMethod(NonNullController.class, "organization", Organization.class), 0)));
		assertThatExceptionOfType(AccessDeniedException.class)
			.isThrownBy(() -> new OrganizationArgumentResolvers.ContextResolver().resolveArgument(
					new MethodParameter(ReflectionUtils.findMethod(NonNullController.class, "context",
							ClerkOrganizationContext.class), 0),
					null, new ServletWebRequest(new MockHttpServletRequest()), null));
		assertThat(new OrganizationArgumentResolvers.ContextResolver().resolveArgument(
				new MethodParameter(
						ReflectionUtils.findMethod(Controller.class, "context", ClerkOrganizationContext.class), 0),
				null, new ServletWebRequest(new MockHttpServletRequest()), null))
			.as("a parameter of unspecified nullness")
			.isNull();
	}

	private Object resolve(MethodParameter parameter) throws Exception {
		return this.resolver.resolveArgument(parameter, null, new ServletWebRequest(new MockHttpServletRequest()),
				null);
	}

	private static MethodParameter parameter(String name) {
		Method method = ReflectionUtils.findMethod(Controller.class, name, (Class<?>[]) null);
		assertThat(method).as(name).isNotNull();
		return new MethodParameter(method, 0);
	}

	/** Parameters of plain Java code, of unspecified nullness. */
	@SuppressWarnings("unused")
	@NullUnmarked
	static class Controller {

		void required(@CurrentOrganization(required = true) Organization organization) {
		}

		void optional(@CurrentOrganization(required = true) Optional<Organization> organization) {
		}

		void string(@CurrentOrganization(required = true) String organization) {
		}

		/** Black-box run 359 F1: without the annotation, it was data-bound. */
		void bare(Organization organization) {
		}

		void context(ClerkOrganizationContext context) {
		}

		void optionalContext(Optional<ClerkOrganizationContext> context) {
		}

	}

	/** Parameters as a Kotlin controller declares them, in JSpecify's terms. */
	@SuppressWarnings("unused")
	@NullMarked
	static class NonNullController {

		void organization(@CurrentOrganization Organization organization) {
		}

		void context(ClerkOrganizationContext context) {
		}

	}

}
