package dev.clerkusers.organizations.autoconfigure;

import java.util.List;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;
import dev.clerkusers.organizations.security.OrganizationArgumentResolvers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of authorization on the active
 * organization: the {@code @clerkOrganizations} bean for {@code @PreAuthorize}, and the
 * argument resolvers of {@code ClerkOrganizationContext} and
 * {@code @CurrentOrganization}.
 * <p>
 * None of it needs the organization tables, so {@code @WebMvcTest} slices get it too;
 * {@code @CurrentOrganization} resolves only where an {@link OrganizationService} exists.
 */
@AutoConfiguration(after = ClerkOrganizationsAutoConfiguration.class)
@ConditionalOnClass(AuthorizationManager.class)
public final class ClerkOrganizationsSecurityAutoConfiguration {

	@Bean(ClerkOrganizationAuthorization.BEAN_NAME)
	@ConditionalOnMissingBean(name = ClerkOrganizationAuthorization.BEAN_NAME)
	ClerkOrganizationAuthorization clerkOrganizationAuthorization() {
		return new ClerkOrganizationAuthorization();
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
					organizations.ifAvailable((service) -> resolvers
						.add(new OrganizationArgumentResolvers.CurrentOrganizationResolver(service)));
				}

			};
		}

	}

}
