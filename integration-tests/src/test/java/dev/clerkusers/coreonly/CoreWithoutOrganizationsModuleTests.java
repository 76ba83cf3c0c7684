package dev.clerkusers.coreonly;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.EmbeddedPostgresServer;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core starts and works when the organizations module is not on the class path: the
 * module's classes are hidden by a filtered class loader.
 */
class CoreWithoutOrganizationsModuleTests {

	@Test
	void theCoreStartsAndAuthenticatesWithoutTheModule() throws Exception {
		FilteredClassLoader withoutModule = new FilteredClassLoader("dev.clerkusers.organizations");
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_core").email("core@example.com"));
			TestDatabase database = EmbeddedPostgresServer.shared().createDatabase();
			Map<String, Object> properties = new LinkedHashMap<>(FakeClerkProperties.of(clerk));
			properties.put("spring.datasource.url", database.jdbcUrl());
			properties.put("spring.datasource.username", database.username());
			properties.put("server.port", "0");
			SpringApplication application = new SpringApplicationBuilder(CoreOnlyApplication.class)
				.resourceLoader(new DefaultResourceLoader(withoutModule))
				.build();
			String[] arguments = properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new);
			try (ConfigurableApplicationContext context = application.run(arguments)) {
				assertThat(context.getBeansOfType(ClerkOrganizationSelector.class)).isEmpty();
				assertThat(context.getBeansOfType(ClerkWebhookHandler.class))
					.containsOnlyKeys("clerkUserWebhookHandler", "clerkSessionWebhookHandler");
				assertThat(context.containsBean("clerkOrganizations")).isFalse();
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject("select to_regclass('clerk_organizations') is null", Boolean.class))
					.isTrue();
				int port = ((WebServerApplicationContext) context).getWebServer().getPort();
				HttpTestClient.Response me = HttpTestClient.api(port)
					.get("/api/me", "Authorization", "Bearer "
							+ clerk.tokens().session("user_core").organization("org_1", "one", "org:admin").sign());
				assertThat(me.status()).as(me.body()).isEqualTo(200);
				assertThat(me.json().path("clerkId").asString()).isEqualTo("user_core");
			}
		}
	}

}
