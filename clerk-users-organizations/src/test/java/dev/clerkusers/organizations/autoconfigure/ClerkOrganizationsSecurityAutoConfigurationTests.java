package dev.clerkusers.organizations.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;
import dev.clerkusers.organizations.security.OrganizationArgumentResolvers;
import dev.clerkusers.organizations.security.reactive.ClerkReactiveOrganizationAuthorization;
import dev.clerkusers.organizations.security.reactive.ReactiveOrganizationArgumentResolvers;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

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

	@Test
	void aServletApplicationGetsTheAuthorizationBeanAndTheContextResolver() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClerkOrganizationAuthorization.class)
				.hasBean(ClerkOrganizationAuthorization.BEAN_NAME)
				.doesNotHaveBean(ClerkReactiveOrganizationAuthorization.class)
				.doesNotHaveBean(REACTIVE_RESOLVERS);
			assertThat(resolvers(context.getBean(RESOLVERS, WebMvcConfigurer.class)))
				.hasExactlyElementsOfTypes(OrganizationArgumentResolvers.ContextResolver.class);
		});
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
				.hasExactlyElementsOfTypes(ReactiveOrganizationArgumentResolvers.ContextResolver.class);
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
