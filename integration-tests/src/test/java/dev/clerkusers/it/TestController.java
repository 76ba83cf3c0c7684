package dev.clerkusers.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints of the application under test, written as a user of the library would.
 */
@RestController
class TestController {

	@GetMapping("/partner/whoami")
	String partner(Authentication authentication) {
		return authentication.getName();
	}

	@GetMapping("/api/me")
	Map<String, Object> me(@CurrentClerkUser(required = true) ClerkUser user, @Nullable ClerkSessionClaims claims,
			Authentication authentication) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("clerkId", user.getClerkId());
		body.put("email", user.getEmail());
		body.put("name", user.getFullName());
		body.put("staff", user.isStaff());
		body.put("syncPending", user.isSyncPending());
		body.put("mechanism", (authentication instanceof ClerkAuthenticationToken) ? "clerk" : "form");
		body.put("sessionId", (claims != null) ? claims.sessionId() : null);
		body.put("organization", (claims != null) ? claims.organization().map((o) -> o.id()).orElse(null) : null);
		body.put("authorities",
				authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		return body;
	}

	/**
	 * Answers on an async dispatch, as a {@code Callable}, {@code DeferredResult} or
	 * streaming endpoint does; only Clerk sign-ins may call it
	 * ({@link AppSecurityConfiguration}).
	 */
	@GetMapping("/clerk-only/me")
	Callable<Map<String, Object>> later(@CurrentClerkUser(required = true) ClerkUser user,
			@Nullable ClerkSessionClaims claims, Authentication authentication) {
		return () -> me(user, claims, authentication);
	}

	/**
	 * A page for visitors who are not signed in, answered on an async dispatch
	 * ({@link AppSecurityConfiguration}).
	 */
	@GetMapping("/visitors/welcome")
	Callable<String> welcome() {
		return () -> "welcome";
	}

	@GetMapping("/api/me/entity")
	ClerkUser entity(@CurrentClerkUser(required = true) ClerkUser user) {
		return user;
	}

	/**
	 * A user parameter without {@code @CurrentClerkUser}, which the library refuses
	 * rather than leave to data binding.
	 */
	@GetMapping("/api/me/unannotated")
	Map<String, Object> unannotated(ClerkUser user) {
		return Map.of("clerkId", String.valueOf(user.getClerkId()));
	}

	@GetMapping("/api/boom")
	Map<String, Object> boom() {
		throw new IllegalStateException("a bug of the application");
	}

	@PostMapping("/api/echo")
	Map<String, Object> echo(@CurrentClerkUser ClerkUser user) {
		return Map.of("clerkId", String.valueOf(user.getClerkId()));
	}

	@GetMapping("/handled/public/hello")
	String handledHello() {
		return "hello";
	}

	@GetMapping("/public/hello")
	Map<String, Object> hello(@Nullable Authentication authentication) {
		boolean signedIn = authentication != null && authentication.isAuthenticated()
				&& !"anonymousUser".equals(authentication.getName());
		return Map.of("signedIn", signedIn, "name", signedIn ? authentication.getName() : "");
	}

	/**
	 * Writes the sign-in kept in the HTTP session with Java serialization, and keeps what
	 * it reads back in its place, as a session store outside the JVM (Spring Session, a
	 * server's persistent sessions) does; answers the written form in Base64.
	 */
	@GetMapping("/api/session/round-trip")
	String roundTrip(HttpSession session) throws IOException, ClassNotFoundException {
		String key = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(session.getAttribute(key));
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			session.setAttribute(key, in.readObject());
		}
		return Base64.getEncoder().encodeToString(bytes.toByteArray());
	}

}
