package dev.clerkusers.organizations.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;
import dev.clerkusers.organizations.security.CurrentOrganization;
import dev.clerkusers.organizations.security.OrganizationArgumentResolvers;
import dev.clerkusers.organizations.security.reactive.ClerkReactiveOrganizationAuthorization;
import dev.clerkusers.organizations.security.reactive.ReactiveOrganizationArgumentResolvers;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.MethodParameter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkOrganizationsSecurityAutoConfiguration}: the {@code @clerkOrganizations}
 * bean and the argument resolvers, which need no database, in servlet and reactive
 * applications, each condition both ways, and the back-off of each bean.
 */
class ClerkOrganizationsSecurityAutoConfigurationTests {

	private static final String RESOLVERS = "clerkOrganizationArgumentResolversConfigurer";

	private static final String REACTIVE_RESOLVERS = "clerkReactiveOrganizationArgumentResolversConfigurer";

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkOrganizationsSecurityAutoConfiguration.class));

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkOrganizationsSecurityAutoConfiguration.class));

	/**
	 * Black-box run 166, F1: without the organization service (an application without the
	 * users table, a slice) no resolver took {@code @CurrentOrganization}, and Spring MVC
	 * bound the parameter as a model attribute: a blank organization that passed
	 * {@code required = true}. The parameter is {@code null} there, and refused where it
	 * is required.
	 */
	@Test
	void aServletApplicationWithoutTheOrganizationServiceResolvesCurrentOrganizationToNoneOrARefusal() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClerkOrganizationAuthorization.class)
				.hasBean(ClerkOrganizationAuthorization.BEAN_NAME)
				.doesNotHaveBean(ClerkReactiveOrganizationAuthorization.class)
				.doesNotHaveBean(REACTIVE_RESOLVERS);
			List<HandlerMethodArgumentResolver> resolvers = resolvers(
					context.getBean(RESOLVERS, WebMvcConfigurer.class));
			assertThat(resolvers).hasExactlyElementsOfTypes(OrganizationArgumentResolvers.ContextResolver.class,
					OrganizationArgumentResolvers.CurrentOrganizationResolver.class);
			HandlerMethodArgumentResolver current = resolvers.get(1);
			MethodParameter optional = parameter("optional");
			MethodParameter required = parameter("required");
			assertThat(current.supportsParameter(optional)).isTrue();
			assertThat(
					current.resolveArgument(optional, null, new ServletWebRequest(new MockHttpServletRequest()), null))
				.isNull();
			assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> current.resolveArgument(required,
					null, new ServletWebRequest(new MockHttpServletRequest()), null));
		});
	}

	@Test
	void aReactiveApplicationWithoutTheOrganizationServiceResolvesCurrentOrganizationToNoneOrARefusal() {
		this.reactiveContextRunner.run((context) -> {
			List<Object> resolvers = reactiveResolvers(context.getBean(REACTIVE_RESOLVERS, WebFluxConfigurer.class));
			assertThat(resolvers).hasExactlyElementsOfTypes(ReactiveOrganizationArgumentResolvers.ContextResolver.class,
					ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver.class);
			ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver current = (ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver) resolvers
				.get(1);
			MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
			assertThat(current.resolveArgument(parameter("optional"), new BindingContext(), exchange).block()).isNull();
			assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(
					() -> current.resolveArgument(parameter("required"), new BindingContext(), exchange).block());
		});
	}

	private static MethodParameter parameter(String method) {
		return new MethodParameter(ReflectionUtils.findMethod(Controllers.class, method, Organization.class), 0);
	}

	@NullUnmarked
	static class Controllers {

		void optional(@CurrentOrganization Organization organization) {
		}

		void required(@CurrentOrganization(required = true) Organization organization) {
		}

	}

	@Test
	void withTheOrganizationServiceCurrentOrganizationIsResolvedToo() {
		this.contextRunner.withBean(OrganizationService.class, () -> Mockito.mock(OrganizationService.class))
			.run((context) -> assertThat(resolvers(context.getBean(RESOLVERS, WebMvcConfigurer.class)))
				.hasExactlyElementsOfTypes(OrganizationArgumentResolvers.ContextResolver.class,
						OrganizationArgumentResolvers.CurrentOrganizationResolver.class));
	}

	@Test
	void outsideAServletApplicationThereAreNoArgumentResolvers() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClerkOrganizationsSecurityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ClerkOrganizationAuthorization.class)
				.doesNotHaveBean(ClerkReactiveOrganizationAuthorization.class)
				.doesNotHaveBean(RESOLVERS)
				.doesNotHaveBean(REACTIVE_RESOLVERS));
	}

	@Test
	void withoutWebMvcThereAreNoArgumentResolvers() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebMvcConfigurer.class))
			.run((context) -> assertThat(context).hasSingleBean(ClerkOrganizationAuthorization.class)
				.doesNotHaveBean(RESOLVERS));
	}

	@Test
	void withoutSpringSecurityThereIsNothing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AuthorizationManager.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkOrganizationAuthorization.class)
				.doesNotHaveBean(RESOLVERS));
	}

	@Test
	void eachBeanBacksOff() {
		ClerkOrganizationAuthorization authorization = new ClerkOrganizationAuthorization();
		WebMvcConfigurer resolvers = new WebMvcConfigurer() {
		};
		this.contextRunner
			.withBean(ClerkOrganizationAuthorization.BEAN_NAME, ClerkOrganizationAuthorization.class,
					() -> authorization)
			.withBean(RESOLVERS, WebMvcConfigurer.class, () -> resolvers)
			.run((context) -> {
				assertThat(context).getBean(ClerkOrganizationAuthorization.BEAN_NAME).isSameAs(authorization);
				assertThat(context).getBean(RESOLVERS).isSameAs(resolvers);
			});
	}

	@Test
	void aReactiveApplicationGetsTheReactiveAuthorizationBeanUnderTheSameNameAndTheContextResolver() {
		this.reactiveContextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClerkReactiveOrganizationAuthorization.class)
				.doesNotHaveBean(ClerkOrganizationAuthorization.class)
				.doesNotHaveBean(RESOLVERS);
			assertThat(context).getBean(ClerkOrganizationAuthorization.BEAN_NAME)
				.isInstanceOf(ClerkReactiveOrganizationAuthorization.class);
			assertThat(reactiveResolvers(context.getBean(REACTIVE_RESOLVERS, WebFluxConfigurer.class)))
				.hasExactlyElementsOfTypes(ReactiveOrganizationArgumentResolvers.ContextResolver.class,
						ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver.class);
		});
	}

	@Test
	void aReactiveApplicationWithTheOrganizationServiceResolvesCurrentOrganizationToo() {
		this.reactiveContextRunner.withBean(OrganizationService.class, () -> Mockito.mock(OrganizationService.class))
			.run((context) -> assertThat(
					reactiveResolvers(context.getBean(REACTIVE_RESOLVERS, WebFluxConfigurer.class)))
				.hasExactlyElementsOfTypes(ReactiveOrganizationArgumentResolvers.ContextResolver.class,
						ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver.class));
	}

	@Test
	void withoutWebFluxAReactiveApplicationHasTheReactiveBeanButNoArgumentResolvers() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader(WebFluxConfigurer.class))
			.run((context) -> assertThat(context).hasSingleBean(ClerkReactiveOrganizationAuthorization.class)
				.doesNotHaveBean(REACTIVE_RESOLVERS));
	}

	@Test
	void withoutReactorAReactiveApplicationHasNoReactiveAuthorizationBean() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader(Mono.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkOrganizationAuthorization.BEAN_NAME));
	}

	@Test
	void withoutSpringSecurityAReactiveApplicationHasNothing() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader(AuthorizationManager.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkOrganizationAuthorization.BEAN_NAME)
				.doesNotHaveBean(REACTIVE_RESOLVERS));
	}

	@Test
	void eachReactiveBeanBacksOff() {
		ClerkReactiveOrganizationAuthorization authorization = new ClerkReactiveOrganizationAuthorization();
		WebFluxConfigurer resolvers = new WebFluxConfigurer() {
		};
		this.reactiveContextRunner
			.withBean(ClerkOrganizationAuthorization.BEAN_NAME, ClerkReactiveOrganizationAuthorization.class,
					() -> authorization)
			.withBean(REACTIVE_RESOLVERS, WebFluxConfigurer.class, () -> resolvers)
			.run((context) -> {
				assertThat(context).getBean(ClerkOrganizationAuthorization.BEAN_NAME).isSameAs(authorization);
				assertThat(context).getBean(REACTIVE_RESOLVERS).isSameAs(resolvers);
			});
	}

	private static List<Object> reactiveResolvers(WebFluxConfigurer configurer) {
		List<Object> resolvers = new ArrayList<>();
		configurer.configureArgumentResolvers(new ArgumentResolverConfigurer() {

			@Override
			public void addCustomResolver(
					org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver... added) {
				resolvers.addAll(List.of(added));
			}

		});
		return resolvers;
	}

	private static List<HandlerMethodArgumentResolver> resolvers(WebMvcConfigurer configurer) {
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
		configurer.addArgumentResolvers(resolvers);
		return resolvers;
	}

}
