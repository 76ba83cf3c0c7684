package dev.clerkusers.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiTransport;
import dev.clerkusers.api.ClerkUserOperations;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkApiAutoConfiguration}: the client exists with a secret key only, backs off,
 * and is built on Spring Boot's {@code RestClient.Builder} plus the library's own
 * customizers — checked over HTTP.
 */
class ClerkApiAutoConfigurationTests {

	private final List<Headers> received = new CopyOnWriteArrayList<>();

	private final List<String> receivedBodies = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkApiAutoConfiguration.class, RestClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class));

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/users/count", (exchange) -> {
			this.received.add(exchange.getRequestHeaders());
			byte[] body = "{\"object\":\"total_count\",\"total_count\":3}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.createContext("/v1/users/user_1/metadata", (exchange) -> {
			this.receivedBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			byte[] body = "{\"object\":\"user\",\"id\":\"user_1\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void withoutASecretKeyThereIsNoClient() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ClerkApiClient.class)
			.doesNotHaveBean(ClerkUserOperations.class));
	}

	@Test
	void aSecretKeyPlaceholderThatNothingResolvedStopsTheApplicationNamingIt() {
		this.contextRunner.withPropertyValues("clerk.secret-key=${CLERK_USERS_TEST_UNSET_KEY}")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(ClerkConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("clerk.secret-key"))
				.hasMessageContaining("nothing resolved"));
	}

	@Test
	void withASecretKeyTheClientCallsTheBackendApiWithItsHeaders() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api.url=" + apiUrl())
			.run((context) -> {
				assertThat(context).hasSingleBean(ClerkUserOperations.class);
				assertThat(context.getBean(ClerkApiClient.class).countUsers()).isEqualTo(3);
				Headers headers = this.received.get(0);
				assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer sk_test_abc");
				assertThat(headers.getFirst("Clerk-API-Version")).isEqualTo("2025-11-10");
			});
	}

	@Test
	void theDeprecatedFlatNamesStillWork() {
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api-url=" + apiUrl(),
					"clerk.api-version=2024-10-01")
			.run((context) -> {
				assertThat(context.getBean(ClerkApiClient.class).countUsers()).isEqualTo(3);
				assertThat(this.received.get(0).getFirst("Clerk-API-Version")).isEqualTo("2024-10-01");
			});
	}

	/**
	 * An application moving to the new names may still have an old one somewhere, in a
	 * source of higher or lower precedence: the new name decides.
	 */
	@Test
	void theNewNameWinsOverItsDeprecatedAliasWhicheverSourceEachComesFrom() {
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api-url=http://localhost:1/v1",
					"clerk.api-version=2024-10-01", "clerk.api-timeout=1s", "clerk.api-max-retries=7",
					"clerk.api-max-retry-wait=7s")
			.withSystemProperties("clerk.api.url=" + apiUrl(), "clerk.api.version=2025-11-10", "clerk.api.timeout=20s",
					"clerk.api.max-retries=2", "clerk.api.max-retry-wait=20s")
			.run((context) -> {
				ClerkProperties.Api api = context.getBean(ClerkProperties.class).getApi();
				assertThat(api.getUrl()).isEqualTo(apiUrl());
				assertThat(api.getVersion()).isEqualTo("2025-11-10");
				assertThat(api.getTimeout()).hasSeconds(20);
				assertThat(api.getMaxRetries()).isEqualTo(2);
				assertThat(api.getMaxRetryWait()).hasSeconds(20);
				assertThat(context.getBean(ClerkApiClient.class).countUsers()).isEqualTo(3);
			});
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api.url=" + apiUrl(),
					"clerk.api.version=2025-11-10")
			.withSystemProperties("clerk.api-url=http://localhost:1/v1", "clerk.api-version=2024-10-01")
			.run((context) -> {
				ClerkProperties.Api api = context.getBean(ClerkProperties.class).getApi();
				assertThat(api.getUrl()).isEqualTo(apiUrl());
				assertThat(api.getVersion()).isEqualTo("2025-11-10");
			});
	}

	/**
	 * Clerk's wire format is not the application's JSON: a {@code null} that removes a
	 * metadata key is sent, also when the application's Jackson leaves nulls out.
	 */
	@Test
	void requestBodiesAreClerksJsonWhateverTheApplicationsJacksonSettings() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
			.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api.url=" + apiUrl(),
					"spring.jackson.default-property-inclusion=non_null")
			.run(this::removingAKeySendsItsNull);
	}

	/**
	 * An application's own JSON converter bean, which Spring MVC takes before its
	 * defaults, does not write Clerk's JSON either.
	 */
	@Test
	void requestBodiesAreClerksJsonAlsoBesideAJsonConverterOfTheApplication() {
		JsonMapper nonNull = JsonMapper.builder()
			.changeDefaultPropertyInclusion((inclusion) -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
					JsonInclude.Include.NON_NULL))
			.build();
		this.contextRunner.withConfiguration(AutoConfigurations.of(HttpMessageConvertersAutoConfiguration.class))
			.withBean(JacksonJsonHttpMessageConverter.class, () -> new JacksonJsonHttpMessageConverter(nonNull))
			.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api.url=" + apiUrl())
			.run(this::removingAKeySendsItsNull);
	}

	/**
	 * Calls of one's own through the transport's REST client read and send text as
	 * Spring's converters do, also where Spring Boot configures no converters (WebFlux).
	 */
	@Test
	void callsOfOnesOwnReadTheAnswerAsText() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api.url=" + apiUrl())
			.run((context) -> {
				String body = context.getBean(ClerkApiClient.class)
					.transport()
					.call((client) -> client.get().uri("/users/count").retrieve().body(String.class));
				assertThat(body).isEqualTo("{\"object\":\"total_count\",\"total_count\":3}");
			});
	}

	/**
	 * A customizer's request factory (one that goes through a proxy, say) is the one the
	 * client sends with.
	 */
	@Test
	void theRequestFactoryOfACustomizerIsTheOneTheClientSendsWith() {
		RecordingRequestFactory requestFactory = new RecordingRequestFactory();
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api.url=" + apiUrl())
			.withBean(ClerkRestClientCustomizer.class, () -> (builder) -> builder.requestFactory(requestFactory))
			.run((context) -> {
				assertThat(context.getBean(ClerkApiClient.class).countUsers()).isEqualTo(3);
				assertThat(requestFactory.sent()).hasSize(1);
			});
	}

	@Test
	void springBootsRestClientCustomizersAndTheLibrarysOwnApply() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.api.url=" + apiUrl())
			.withBean(RestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Boot", "applied"))
			.withBean(ClerkRestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Clerk", "applied"))
			.run((context) -> {
				context.getBean(ClerkApiClient.class).countUsers();
				Headers headers = this.received.get(0);
				assertThat(headers.getFirst("X-Boot")).isEqualTo("applied");
				assertThat(headers.getFirst("X-Clerk")).isEqualTo("applied");
			});
	}

	@Test
	void aClientOfTheApplicationReplacesTheLibrarysOwn() {
		ClerkApiClient own = new ClerkApiClient(ClerkApiTransport.builder(apiUrl(), "sk_test_own").build());
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc")
			.withBean(ClerkApiClient.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClerkApiClient.class).isSameAs(own));
	}

	private void removingAKeySendsItsNull(AssertableApplicationContext context) {
		Map<String, @Nullable Object> removed = new HashMap<>();
		removed.put("trial", null);
		context.getBean(ClerkApiClient.class).mergeMetadata("user_1", removed, null, null);
		assertThat(this.receivedBodies).containsExactly("{\"public_metadata\":{\"trial\":null}}");
	}

	private String apiUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

}
