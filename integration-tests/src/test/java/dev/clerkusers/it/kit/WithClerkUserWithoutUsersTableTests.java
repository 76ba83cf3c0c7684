package dev.clerkusers.it.kit;

import dev.clerkusers.autoconfigure.ClerkUsersAutoConfiguration;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.test.security.WithClerkUser;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.test.context.support.WithSecurityContext;
import org.springframework.security.test.context.support.WithSecurityContextFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box run 166, F3: an application without the users table that adds the
 * organizations module has JPA on its class path (the module brings it) but no users
 * table, and {@code @WithClerkUser} gave it a {@link ClerkUser} principal, which no
 * request of that application ever has. The annotation tells such an application, whose
 * users auto-configuration was left out, from a slice, which does not load it at all.
 */
class WithClerkUserWithoutUsersTableTests {

	@Test
	void anApplicationWhoseUsersTableIsLeftOutGetsTheSessionClaimsAsPrincipal() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkUsersAutoConfiguration.class))
			.run((context) -> {
				ClerkAuthenticationToken authentication = authentication(context);
				assertThat(authentication.getPrincipal()).isInstanceOf(ClerkSessionClaims.class);
				assertThat(authentication.getUser()).isEmpty();
			});
	}

	@Test
	void aSliceWithoutTheUsersAutoConfigurationGetsTheUserUnstored() {
		new ApplicationContextRunner().run((context) -> {
			ClerkAuthenticationToken authentication = authentication(context);
			assertThat(authentication.getUser()).map(ClerkUser::getClerkId).contains("user_ada");
		});
	}

	/**
	 * Black-box run 208, F1: a slice of an application without the users table but with
	 * the organizations module (JPA on the class path, no connection pool: the starter's
	 * JPA and JDBC left out) gave {@code @WithClerkUser} a {@link ClerkUser} with the
	 * annotation's staff rights, which no request of that application has.
	 */
	@Test
	void aSliceOfAnApplicationThatCannotHaveADataSourceGetsTheSessionClaimsAsPrincipal() {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.run((context) -> {
				ClerkAuthenticationToken authentication = authentication(context);
				assertThat(authentication.getPrincipal()).isInstanceOf(ClerkSessionClaims.class);
				assertThat(authentication.getUser()).isEmpty();
			});
	}

	@SuppressWarnings("unchecked")
	private static ClerkAuthenticationToken authentication(AssertableApplicationContext context) {
		WithClerkUser annotation = ReflectionUtils.findMethod(WithClerkUserWithoutUsersTableTests.class, "signedIn")
			.getAnnotation(WithClerkUser.class);
		Class<? extends WithSecurityContextFactory<?>> type = WithClerkUser.class
			.getAnnotation(WithSecurityContext.class)
			.factory();
		WithSecurityContextFactory<WithClerkUser> factory = (WithSecurityContextFactory<WithClerkUser>) context
			.getAutowireCapableBeanFactory()
			.createBean(type);
		return (ClerkAuthenticationToken) factory.createSecurityContext(annotation).getAuthentication();
	}

	@WithClerkUser("user_ada")
	void signedIn() {
	}

}
