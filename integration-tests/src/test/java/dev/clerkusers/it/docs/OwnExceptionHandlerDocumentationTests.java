package dev.clerkusers.it.docs;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * authentication.md's {@code @ExceptionHandler(Exception.class)}, as a newcomer copies
 * it: Spring Security's refusals and Spring MVC's own answers pass through it with their
 * status, and only the rest is its 500. Black-box run 241: the example let Spring
 * Security's exceptions through only, so a path no handler serves was answered 500, not
 * 404, and a {@link ResponseStatusException}'s 403 was a 500.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, OwnExceptionHandlerDocumentationTests.Advice.class,
		OwnExceptionHandlerDocumentationTests.Pages.class })
class OwnExceptionHandlerDocumentationTests {

	@LocalServerPort
	int port;

	@Test
	void aRequiredUserMissingIsSpringSecuritys401() {
		assertThat(get("/public/doc/required").status()).isEqualTo(401);
	}

	@Test
	void aPathNoHandlerServesIs404() {
		assertThat(get("/public/doc/nothing-here").status()).isEqualTo(404);
	}

	@Test
	void aResponseStatusExceptionKeepsItsStatus() {
		assertThat(get("/public/doc/forbidden").status()).isEqualTo(403);
	}

	@Test
	void anythingElseIsTheHandlers500() {
		Response response = get("/public/doc/boom");
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.json().path("error").asString()).isEqualTo("unexpected");
	}

	private Response get(String path) {
		return HttpTestClient.api(this.port).get(path, "Accept", "application/json");
	}

	record ErrorBody(String error) {
	}

	/** The example of authentication.md, "Use the user", verbatim. */
	@ControllerAdvice
	static class Advice {

		@ExceptionHandler(Exception.class)
		ResponseEntity<ErrorBody> unexpected(Exception ex) throws Exception {
			if (ex instanceof AuthenticationException || ex instanceof AccessDeniedException) {
				throw ex; // Spring Security answers 401 or 403
			}
			if (ex instanceof ErrorResponse) {
				throw ex; // Spring MVC answers with its status (404, 405, a
							// ResponseStatusException's)
			}
			return ResponseEntity.internalServerError().body(new ErrorBody("unexpected"));
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@RestController
	static class Pages {

		@GetMapping("/public/doc/required")
		String required(@CurrentClerkUser(required = true) ClerkUser user) {
			return user.getUid().toString();
		}

		@GetMapping("/public/doc/forbidden")
		String forbidden() {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN);
		}

		@GetMapping("/public/doc/boom")
		String boom() {
			throw new IllegalStateException("a bug of the application");
		}

	}

}
