package dev.clerkusers.organizations.autoconfigure;

import java.util.List;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;
import dev.clerkusers.organizations.security.OrganizationArgumentResolvers;
import dev.clerkusers.organizations.security.reactive.ClerkReactiveOrganizationAuthorization;
import dev.clerkusers.organizations.security.reactive.ReactiveOrganizationArgumentResolvers;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of authorization on the active
 * organization: the {@code @clerkOrganizations} bean for {@code @PreAuthorize}, and the
 * argument resolvers of {@code ClerkOrganizationContext} and
 * {@code @CurrentOrganization}.
 * <ul>
 * <li>A reactive (WebFlux) application gets the reactive counterparts under the same
 * names: {@link ClerkReactiveOrganizationAuthorization} as {@code clerkOrganizations}
 * (its checks are {@code Mono<Boolean>}, which reactive method security accepts, so the
 * same expressions work on both stacks) and the
 * {@link ReactiveOrganizationArgumentResolvers}.</li>
 * <li>Any other application gets {@link ClerkOrganizationAuthorization} as
 * {@code clerkOrganizations}, and a servlet one the
 * {@link OrganizationArgumentResolvers}.</li>
 * </ul>
 * None of it needs the organization tables, so {@code @WebMvcTest} slices get it too;
 * without an {@link OrganizationService} (no tables), {@code @CurrentOrganization} is
 * {@code null}, refused with 403 where required.
 */
@AutoConfiguration(after = ClerkOrganizationsAutoConfiguration.class)
@ConditionalOnClass(AuthorizationManager.class)
public final class ClerkOrganizationsSecurityAutoConfiguration {

	/**
	 * The {@code clerkOrganizations} bean of any application that is not a reactive web
	 * application.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(NotReactiveWebApplicationCondition.class)
	static class AuthorizationConfiguration {

		@Bean(ClerkOrganizationAuthorization.BEAN_NAME)
		@ConditionalOnMissingBean(name = ClerkOrganizationAuthorization.BEAN_NAME)
		ClerkOrganizationAuthorization clerkOrganizationAuthorization() {
			return new ClerkOrganizationAuthorization();
		}

	}

	/**
	 * The argument resolvers of a servlet application, unless it registers its own
	 * {@code clerkOrganizationArgumentResolversConfigurer}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class WebMvcConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clerkOrganizationArgumentResolversConfigurer")
		WebMvcConfigurer clerkOrganizationArgumentResolversConfigurer(
				ObjectProvider<OrganizationService> organizations) {
			return new WebMvcConfigurer() {

				@Override
				public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
					resolvers.add(new OrganizationArgumentResolvers.ContextResolver());
					// Also without a store of organizations: Spring MVC would otherwise
					// bind
					// the parameter as a model attribute, a blank Organization that
					// passes
					// required = true.
					resolvers.add(new OrganizationArgumentResolvers.CurrentOrganizationResolver(
							organizations.getIfAvailable()));
				}

			};
		}

	}

	/**
	 * The reactive {@code clerkOrganizations} bean of a reactive web application.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(Mono.class)
	static class ReactiveAuthorizationConfiguration {

		@Bean(ClerkReactiveOrganizationAuthorization.BEAN_NAME)
		@ConditionalOnMissingBean(name = ClerkReactiveOrganizationAuthorization.BEAN_NAME)
		ClerkReactiveOrganizationAuthorization clerkReactiveOrganizationAuthorization() {
			return new ClerkReactiveOrganizationAuthorization();
		}

	}

	/**
	 * The argument resolvers of a WebFlux application, unless it registers its own
	 * {@code clerkReactiveOrganizationArgumentResolversConfigurer}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(WebFluxConfigurer.class)
	static class WebFluxConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clerkReactiveOrganizationArgumentResolversConfigurer")
		WebFluxConfigurer clerkReactiveOrganizationArgumentResolversConfigurer(
				ObjectProvider<OrganizationService> organizations) {
			return new WebFluxConfigurer() {

				@Override
				public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
					configurer.addCustomResolver(new ReactiveOrganizationArgumentResolvers.ContextResolver());
					configurer.addCustomResolver(new ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver(
							organizations.getIfAvailable()));
				}

			};
		}

	}

	/**
	 * Matches unless the application is a reactive web application.
	 */
	static final class NotReactiveWebApplicationCondition extends NoneNestedConditions {

		NotReactiveWebApplicationCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		static final class Reactive {

		}

	}

}
