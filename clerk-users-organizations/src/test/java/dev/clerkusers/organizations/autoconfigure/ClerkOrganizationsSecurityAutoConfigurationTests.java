package dev.clerkusers.organizations.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;
import dev.clerkusers.organizations.security.OrganizationArgumentResolvers;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkOrganizationsSecurityAutoConfiguration}: the {@code @clerkOrganizations}
 * bean and the argument resolvers, which need no database, each condition both ways, and
 * the back-off of each bean.
 */
class ClerkOrganizationsSecurityAutoConfigurationTests {

	private static final String RESOLVERS = "clerkOrganizationArgumentResolversConfigurer";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkOrganizationsSecurityAutoConfiguration.class));

	@Test
	void aServletApplicationGetsTheAuthorizationBeanAndTheContextResolver() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClerkOrganizationAuthorization.class)
				.hasBean(ClerkOrganizationAuthorization.BEAN_NAME);
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
				.doesNotHaveBean(RESOLVERS));
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

	private static List<HandlerMethodArgumentResolver> resolvers(WebMvcConfigurer configurer) {
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
		configurer.addArgumentResolvers(resolvers);
		return resolvers;
	}

}
