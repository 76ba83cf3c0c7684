package dev.clerkusers.samples.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.clerkusers.test.token.ClerkTestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started as {@code spring-boot:run} starts it, with nothing configured: it
 * runs against the local Clerk and the test kit's PostgreSQL, and the {@code curl}
 * commands it prints work as printed; an open event stream ends when it stops.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalModeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern TOKEN = Pattern.compile("export TOKEN='(\\S+)'");

	private static final Pattern ME_CURL = Pattern
		.compile("curl -H \"Authorization: Bearer \\$TOKEN\" (http://localhost:\\d+)/api/me\\R");

	private static final Pattern WEBHOOK_CURL = Pattern.compile("curl (-H '[^']+' )+--data-binary '([^']+)' (\\S+)");

	private static final Pattern HEADER = Pattern.compile("-H '([^:]+): ([^']+)'");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void withNothingConfiguredTheSampleRunsLocallyAndItsPrintedCommandsWork(CapturedOutput output) throws Exception {
		// A stream left open would hold the graceful shutdown for this long.
		String[] args = { "--server.port=0", "--spring.main.banner-mode=off",
				"--spring.lifecycle.timeout-per-shutdown-phase=2m" };
		SpringApplication application = new SpringApplication(ReactiveApiApplication.class);
		LocalMode.prepare(application, args);
		try (ConfigurableApplicationContext context = runOnTheJvm(application, args)) {
			assertThat(context.getEnvironment().getProperty(LocalMode.LOCAL_CLERK)).isEqualTo("true");

			Matcher tokenLine = TOKEN.matcher(output.getOut());
			assertThat(tokenLine.find()).as("a session token is printed").isTrue();
			String token = tokenLine.group(1);
			Matcher me = ME_CURL.matcher(output.getOut());
			assertThat(me.find()).as("a curl command for /api/me is printed").isTrue();
			String base = me.group(1);
			assertThat(get(base + "/api/me", token).body()).contains("\"email\":\"ada@example.com\"");
			assertThat(get(base + "/api/users/user_linus", token).body())
				.as("the user.created webhook delivered at startup")
				.contains("\"name\":\"Linus Torvalds\"");

			Matcher webhook = WEBHOOK_CURL.matcher(output.getOut());
			assertThat(webhook.find()).as("a curl command for a signed webhook is printed").isTrue();
			HttpResponse<String> delivery = post(webhook.group(3), headers(webhook.group()), webhook.group(2));
			assertThat(delivery.statusCode()).isEqualTo(200);
			assertThat(get(base + "/api/me", token).body()).contains("\"email\":\"ada@analytical-engine.example\"");
			assertThat(output.getOut()).as("the webhooks come from the stand-in's Clerk instance")
				.doesNotContain("names the Clerk instance");

			StepVerifier.create(profileStream(base, token))
				.assertNext((profile) -> assertThat(profile.name()).isEqualTo("Ada King"))
				.then(() -> CompletableFuture.runAsync(context::close))
				.as("an open profile stream ends when the application stops")
				.expectComplete()
				.verify(TIMEOUT);
		}
	}

	/**
	 * Runs the application as {@code spring-boot:run} does, on the JVM: the test contexts
	 * of this module may be AOT-processed ({@code -Paot}), its main class is not.
	 */
	private static ConfigurableApplicationContext runOnTheJvm(SpringApplication application, String[] args) {
		String aot = System.clearProperty(AotDetector.AOT_ENABLED);
		try {
			return application.run(args);
		}
		finally {
			if (aot != null) {
				System.setProperty(AotDetector.AOT_ENABLED, aot);
			}
		}
	}

	private static Flux<Profile> profileStream(String base, String token) {
		return WebTestClient.bindToServer()
			.baseUrl(base)
			.responseTimeout(TIMEOUT)
			.build()
			.get()
			.uri("/api/me/changes")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Profile.class)
			.getResponseBody();
	}

	private static Map<String, String> headers(String command) {
		Map<String, String> headers = new LinkedHashMap<>();
		Matcher header = HEADER.matcher(command);
		while (header.find()) {
			headers.put(header.group(1), header.group(2));
		}
		return headers;
	}

	private HttpResponse<String> get(String url, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
		return response;
	}

	private HttpResponse<String> post(String url, Map<String, String> headers, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
