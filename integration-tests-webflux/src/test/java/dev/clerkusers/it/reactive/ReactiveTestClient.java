package dev.clerkusers.it.reactive;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link WebTestClient} over real HTTP to the application under test, and a browser's
 * form sign-in through it.
 */
final class ReactiveTestClient {

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	private ReactiveTestClient() {
	}

	static WebTestClient to(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * Posts the login form as a browser does: the login page (with its CSRF token and
	 * session) first, then the form.
	 * @return the answer to the form, a redirect
	 */
	static EntityExchangeResult<byte[]> postLogin(WebTestClient client, String username, String password) {
		EntityExchangeResult<byte[]> answer = signInAttempt(client, username, password);
		assertThat(answer.getStatus().value()).as("the sign-in's redirect").isEqualTo(302);
		return answer;
	}

	/**
	 * Posts the login form as {@link #postLogin} does, whatever the answer.
	 * @param client the client
	 * @param username the username
	 * @param password the password
	 * @return the answer
	 */
	static EntityExchangeResult<byte[]> signInAttempt(WebTestClient client, String username, String password) {
		EntityExchangeResult<String> page = client.get()
			.uri("/login")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		String session = page.getResponseCookies().getFirst("SESSION").getValue();
		Matcher input = CSRF_INPUT.matcher(page.getResponseBody());
		assertThat(input.find()).as("the login page's CSRF field").isTrue();
		Matcher value = VALUE.matcher(input.group());
		assertThat(value.find()).isTrue();
		return client.post()
			.uri("/login")
			.cookie("SESSION", session)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("username", username)
				.with("password", password)
				.with("_csrf", value.group(1)))
			.exchange()
			.expectBody()
			.returnResult();
	}

}
