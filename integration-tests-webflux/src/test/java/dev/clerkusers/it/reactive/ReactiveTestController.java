package dev.clerkusers.it.reactive;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints of the reactive tests: who the request is, by its user and its claims.
 */
@RestController
class ReactiveTestController {

	@GetMapping("/api/me")
	Mono<Map<String, Object>> me(@CurrentClerkUser ClerkUser user, @Nullable ClerkSessionClaims claims) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("clerkId", user.getClerkId());
		body.put("email", user.getEmail());
		body.put("sessionId", (claims != null) ? claims.sessionId() : null);
		body.put("thread", Thread.currentThread().getName());
		return Mono.just(body);
	}

	@GetMapping("/api/claims")
	Mono<String> claims(ClerkSessionClaims claims) {
		return Mono.just(claims.userId());
	}

	@PostMapping("/api/echo")
	Mono<String> echo() {
		return Mono.just("posted");
	}

	@GetMapping("/public/hello")
	Mono<String> hello() {
		return Mono.just("hello");
	}

	@GetMapping("/public/profile")
	Mono<String> profile(@CurrentClerkUser(required = true) ClerkUser user) {
		return Mono.just(user.getEmail());
	}

}
