package dev.clerkusers.coreonly;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core starts and works when the organizations module is not on the class path: a
 * class loader hides the module's classes and its {@code META-INF} files, as an
 * application without the module's jar would see it.
 */
class CoreWithoutOrganizationsModuleTests {

	@Test
	void theCoreStartsAndAuthenticatesWithoutTheModule() throws Exception {
		ClassLoader withoutModule = new WithoutModule(getClass().getClassLoader());
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_core").email("core@example.com"));
			TestDatabase database = ClerkTestDatabases.create();
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

	/**
	 * Hides the organizations module: its classes, its resources, and the files of its
	 * jar (or classes directory) such as its auto-configuration imports.
	 */
	static final class WithoutModule extends ClassLoader {

		WithoutModule(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("dev.clerkusers.organizations.")) {
				throw new ClassNotFoundException(name);
			}
			return super.loadClass(name, resolve);
		}

		@Override
		public @Nullable URL getResource(String name) {
			if (name.startsWith("dev/clerkusers/organizations/")) {
				return null;
			}
			URL resource = super.getResource(name);
			return (resource != null && ofModule(resource)) ? null : resource;
		}

		@Override
		public Enumeration<URL> getResources(String name) throws IOException {
			List<URL> resources = new ArrayList<>(Collections.list(super.getResources(name)));
			resources.removeIf(WithoutModule::ofModule);
			return Collections.enumeration(resources);
		}

		private static boolean ofModule(URL resource) {
			return resource.toString().contains("clerk-users-organizations");
		}

	}

}
