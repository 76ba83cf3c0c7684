package dev.clerkusers.samples.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The JSON API, called by a frontend with Clerk session tokens.
 * <p>
 * Nothing here blocks an event loop: the signed-in user was loaded by clerk-users before
 * the controller runs, and the one repository call ({@link #user(String)}) runs on
 * {@link Schedulers#boundedElastic()}, as every blocking call in a WebFlux application
 * must.
 */
@RestController
@RequestMapping("/api")
class ApiController {

	private final ClerkUserService users;

	private final ProfileChanges changes;

	ApiController(ClerkUserService users, ProfileChanges changes) {
		this.users = users;
		this.changes = changes;
	}

	/**
	 * Open to all: whether the API is up, and how to call the rest of it.
	 */
	@GetMapping("/public/status")
	Map<String, String> status() {
		return Map.of("status", "up", "authentication", "Authorization: Bearer <Clerk session token>");
	}

	/**
	 * The signed-in user, from the users table (created from Clerk on the user's first
	 * request, kept current by webhooks).
	 */
	@GetMapping("/me")
	Profile me(@CurrentClerkUser(required = true) ClerkUser user) {
		return Profile.of(user);
	}

	/**
	 * What the request's session token says.
	 */
	@GetMapping("/claims")
	Claims claims(ClerkSessionClaims claims) {
		return new Claims(claims.userId(), claims.sessionId(), claims.authorizedParty().orElse(null),
				claims.expiresAt(), claims.organization().map(ClerkOrganizationClaims::id).orElse(null),
				claims.isImpersonated());
	}

	/**
	 * Another user's public card (name and image), as a team directory shows it. The
	 * users table is JPA, so the lookup blocks: it runs on the bounded elastic scheduler.
	 */
	@GetMapping("/users/{clerkId}")
	Mono<Card> user(@PathVariable String clerkId) {
		return Mono.fromCallable(() -> this.users.findByClerkId(clerkId).orElse(null))
			.subscribeOn(Schedulers.boundedElastic())
			.filter(ClerkUser::isActive)
			.map(Card::of)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user")));
	}

	/**
	 * The signed-in user's profile as server-sent events: the profile now, then again
	 * each time Clerk changes it (a webhook), until the user is deleted or the session
	 * token expires (a browser's {@code EventSource} then reconnects with a fresh one).
	 * One open connection per client and no thread held while nothing happens: why this
	 * API is a WebFlux one.
	 */
	@GetMapping(path = "/me/changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<Profile> changes(@CurrentClerkUser(required = true) ClerkUser user, ClerkSessionClaims claims) {
		Duration untilExpiry = Duration.between(Instant.now(), claims.expiresAt());
		// merge subscribes in order: the changes first, so that none is missed between
		// reading the current profile and listening.
		Flux<Profile> updates = this.changes.of(claims.userId()).map(Profile::of);
		return Flux.merge(updates, Mono.just(Profile.of(user)))
			.takeUntil((profile) -> !profile.active())
			.take(untilExpiry.isNegative() ? Duration.ZERO : untilExpiry);
	}

	/**
	 * The claims of a session token.
	 *
	 * @param userId the Clerk user id ({@code sub})
	 * @param sessionId the Clerk session id ({@code sid})
	 * @param authorizedParty the origin the token was issued to ({@code azp})
	 * @param expiresAt when the token expires ({@code exp})
	 * @param organization the active organization's id, if any
	 * @param impersonated whether an actor signed in as the user
	 */
	record Claims(String userId, String sessionId, @Nullable String authorizedParty, Instant expiresAt,
			@Nullable String organization, boolean impersonated) {

	}

	/**
	 * What any signed-in user may see of another.
	 *
	 * @param clerkId the Clerk user id
	 * @param name the full name
	 * @param imageUrl the profile image
	 */
	record Card(@Nullable String clerkId, String name, @Nullable String imageUrl) {

		static Card of(ClerkUser user) {
			return new Card(user.getClerkId(), user.getFullName(), user.getImageUrl());
		}

	}

}
