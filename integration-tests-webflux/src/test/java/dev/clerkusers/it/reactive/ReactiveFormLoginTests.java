package dev.clerkusers.it.reactive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.security.ClerkAuthenticationProvider;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkUserDetails;
import dev.clerkusers.security.reactive.ClerkReactiveAuthenticationManager;
import dev.clerkusers.security.reactive.ClerkReactiveUserDetailsService;
import dev.clerkusers.security.reactive.ClerkServerAuthenticationEntryPoint;
import dev.clerkusers.security.reactive.ClerkServerConfigurer;
import dev.clerkusers.security.reactive.ServerClerkTokenAuthenticationConverter;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpBasicServerAuthenticationEntryPoint;
import org.springframework.security.web.server.ui.LoginPageGeneratingWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.server.session.WebSessionStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * Form login beside Clerk tokens on one WebFlux filter chain (the hybrid idea): staff
 * with a local password sign in with the form and are then known by their session cookie,
 * users without a password cannot, and Clerk tokens keep working on the same chain. The
 * users are read from a real PostgreSQL, over real HTTP, with BlockHound failing any
 * blocking call on an event-loop thread.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveFormLoginTests.FormLoginSecurityConfiguration.class)
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=1000")
@ExtendWith(OutputCaptureExtension.class)
class ReactiveFormLoginTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	DataSource dataSource;

	@Autowired
	PostgresCacheInvalidation invalidation;

	@Autowired
	JdbcTemplate jdbc;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void staffSignInWithTheFormAndAreThenKnownByTheirSession() {
		this.accounts.createSuperuser("boss@example.com", "staff-password-1");
		String session = signIn("BOSS@Example.com", "staff-password-1");
		this.client.get()
			.uri("/api/me")
			.cookie("SESSION", session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.email")
			.isEqualTo("boss@example.com");
	}

	/**
	 * A form-login sign-in kept in the web session follows the users table: it ends at
	 * the next exchange once the user's password or rights change.
	 */
	@Test
	void aFormLoginSessionEndsWhenItsUsersPasswordOrRightsChange() {
		ClerkUser night = this.accounts.createSuperuser("night-shift@example.com", "staff-password-1");
		String session = signIn("night-shift@example.com", "staff-password-1");
		me(session).expectStatus().isOk();
		this.accounts.setPassword(night.getUid(), "another-password-2");
		me(session).expectStatus().isUnauthorized();
		String again = signIn("night-shift@example.com", "another-password-2");
		me(again).expectStatus().isOk();
		this.accounts.setRoles(night.getUid(), true, false);
		me(again).expectStatus().isUnauthorized();
	}

	/**
	 * Black-box run 232 F1: a sign-in ended by a password change only forgot its security
	 * context, and its web session lived on, keeping its place under a concurrent session
	 * limit: with {@code maximumSessions(1)} preventing further sign-ins, the staff
	 * member whose password was reset could not sign in again until it expired. It ends
	 * as a logout with Spring's {@code WebSessionServerLogoutHandler} ends it, and as on
	 * servlet.
	 */
	@Test
	void aFormLoginSessionThatEndsIsInvalidated(@Autowired WebSessionManager sessions) {
		ClerkUser reset = this.accounts.createSuperuser("reset@example.com", "staff-password-1");
		String session = signIn("reset@example.com", "staff-password-1");
		WebSessionStore store = ((DefaultWebSessionManager) sessions).getSessionStore();
		assertThat(store.retrieveSession(session).block()).isNotNull();
		this.accounts.setPassword(reset.getUid(), "another-password-2");
		me(session).expectStatus().isUnauthorized();
		assertThat(store.retrieveSession(session).block()).as("the web session of the ended sign-in").isNull();
	}

	/**
	 * Black-box run 232 F3: the web session of a form login held the password hash, as
	 * the sign-in's credentials (Spring's reactive manager erases none) and inside its
	 * {@code ClerkUser}, for a session store outside the JVM to write. With the success
	 * handler docs/webflux.md shows, and the library's serialized forms, it holds none,
	 * and the sign-in holds.
	 */
	@Test
	void aFormLoginKeepsNoPasswordHashInItsWebSession(@Autowired WebSessionManager sessions) throws IOException {
		ClerkUser kept = this.accounts.createSuperuser("kept@example.com", "staff-password-1");
		String hash = Objects.requireNonNull(kept.getPassword());
		String session = signIn("kept@example.com", "staff-password-1");
		WebSession stored = Objects
			.requireNonNull(((DefaultWebSessionManager) sessions).getSessionStore().retrieveSession(session).block());
		SecurityContext context = Objects.requireNonNull(stored.getAttribute("SPRING_SECURITY_CONTEXT"));
		Authentication signIn = Objects.requireNonNull(context.getAuthentication());
		assertThat(signIn.getCredentials()).isNull();
		assertThat(((ClerkUserDetails) Objects.requireNonNull(signIn.getPrincipal())).getPassword()).isNull();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(context);
		}
		assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).contains("kept@example.com").doesNotContain(hash);
		me(session).expectStatus().isOk();
	}

	/**
	 * Black-box run 246 F1: a Clerk sign-in found in the web session (kept there by
	 * something other than clerk-users: a servlet instance in session mode sharing a
	 * Spring Session store, or the application's code) was trusted unchecked, its user's
	 * ban and its token's expiry unseen. WebFlux has no session mode, every exchange
	 * carries its token, and, as on servlet, no chain reads a Clerk sign-in back.
	 */
	@Test
	void aClerkSignInFoundInTheWebSessionIsNotRead(@Autowired WebSessionManager sessions) {
		this.accounts.createSuperuser("carrier@example.com", "staff-password-1");
		String session = signIn("carrier@example.com", "staff-password-1");
		ClerkUser user = this.accounts.createUser("kept-in-session@example.com", "user_kept_in_session", null);
		ClerkSessionClaims claims = ClerkSessionClaims.fromClaims(Map.of("sub", "user_kept_in_session", "sid",
				"sess_kept", "exp", Instant.now().plusSeconds(60).getEpochSecond()));
		WebSession stored = Objects
			.requireNonNull(((DefaultWebSessionManager) sessions).getSessionStore().retrieveSession(session).block());
		stored.getAttributes()
			.put("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(new ClerkAuthenticationToken(user, claims, null,
					List.of(new SimpleGrantedAuthority("ROLE_USER")), Instant.now())));
		stored.save().block();
		me(session).expectStatus().isUnauthorized();
	}

	/**
	 * A form-login sign-in whose user cannot be read is neither kept nor ended: the
	 * exchange is answered 503 to retry, not sent on as anonymous; the sign-in holds
	 * again once the database is back. Signing in meanwhile is answered 503 too, never
	 * sent back to the login page as for a wrong password.
	 */
	@Test
	void aFormLoginSessionIsAnswered503WhileItsUserCannotBeReadAndHoldsAfterwards() throws SQLException {
		this.accounts.createSuperuser("outage-shift@example.com", "staff-password-1");
		String session = signIn("outage-shift@example.com", "staff-password-1");
		me(session).expectStatus().isOk();
		this.clerk.addUser(ClerkData.user("user_outage_token").email("outage-token@example.com"));
		// The first request stores the user and caches it.
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_outage_token")))
			.exchange()
			.expectStatus()
			.isOk();
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		try (DatabaseOutage outage = DatabaseOutage.of(this.dataSource, this.invalidation)) {
			me(session).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER)
				.expectBody()
				.jsonPath("$.reason")
				.isEqualTo("database-unavailable");
			this.client.get()
				.uri("/api/me")
				.cookie("SESSION", session)
				.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_outage_token")))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.clerkId")
				.value((clerkId) -> assertThat(clerkId).as("a bearer token decides, its user cached")
					.isEqualTo("user_outage_token"));
			EntityExchangeResult<byte[]> signIn = ReactiveTestClient.signInAttempt(this.client,
					"outage-shift@example.com", "staff-password-1");
			assertThat(signIn.getStatus().value()).as("a sign-in during the outage is an outage, not a failed sign-in")
				.isEqualTo(503);
			assertThat(signIn.getResponseHeaders().getLocation()).isNull();
			assertThat(signIn.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
			assertThat(new String(Objects.requireNonNull(signIn.getResponseBody()), StandardCharsets.UTF_8))
				.contains("\"reason\":\"database-unavailable\"");
		}
		// Each connection the outage ended may fail one exchange before the pool
		// replaces it.
		int status = me(session).returnResult(String.class).getStatus().value();
		for (int i = 0; i < pool.getMaximumPoolSize() && status == 503; i++) {
			status = me(session).returnResult(String.class).getStatus().value();
		}
		assertThat(status).isEqualTo(200);
		me(session).expectStatus().isOk().expectBody().jsonPath("$.email").isEqualTo("outage-shift@example.com");
	}

	private WebTestClient.ResponseSpec me(String session) {
		return this.client.get()
			.uri("/api/me")
			.accept(MediaType.APPLICATION_JSON)
			.cookie("SESSION", session)
			.exchange();
	}

	/**
	 * The form login's user service checks a password in vain for an unknown email, with
	 * the encoder that checks the real ones.
	 */
	@Test
	void unknownEmailsAreCheckedInVainWithThePasswordEncoderBean(@Autowired ClerkReactiveUserDetailsService service,
			@Autowired PasswordEncoder passwordEncoder) {
		assertThat(ReflectionTestUtils.getField(service, "passwordEncoder")).isSameAs(passwordEncoder);
	}

	/**
	 * A required {@code @CurrentClerkUser} on a public page sends a browser without a
	 * sign-in to the chain's login page, as on servlet.
	 */
	@Test
	void aRequiredUserSendsABrowserWithoutASignInToTheLoginPage() {
		this.client.get()
			.uri("/public/profile")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login");
	}

	@Test
	void aWrongPasswordIsRefused() {
		this.accounts.createSuperuser("chief@example.com", "staff-password-1");
		EntityExchangeResult<byte[]> login = postLogin("chief@example.com", "wrong-password");
		assertThat(login.getResponseHeaders().getLocation()).hasToString("/login?error");
	}

	@Test
	void aClerkUserWithoutALocalPasswordCannotSignInWithTheForm() {
		this.accounts.createUser("clerk-only@example.com", "user_clerk_only", null);
		assertThat(postLogin("clerk-only@example.com", "").getResponseHeaders().getLocation())
			.hasToString("/login?error");
		assertThat(postLogin("clerk-only@example.com", "any-password").getResponseHeaders().getLocation())
			.hasToString("/login?error");
	}

	@Test
	void anUnknownEmailIsRefused() {
		assertThat(postLogin("nobody@example.com", "staff-password-1").getResponseHeaders().getLocation())
			.hasToString("/login?error");
	}

	/**
	 * Black-box run 151, F1: beside HTTP Basic, a request with a Basic header before its
	 * bearer one was answered by HTTP Basic's filter, which ran first and read the first
	 * header only, with its own challenge. Clerk's filter runs before the chain's other
	 * authentication filters, as on servlet, so two credentials are refused as such,
	 * whatever their order; a Basic header alone is still HTTP Basic's.
	 */
	@Test
	void aBasicHeaderBeforeABearerOneIsRefusedAsTwoCredentials() {
		this.clerk.addUser(ClerkData.user("user_two_schemes").email("two-schemes@example.com"));
		String bearer = "Bearer " + this.clerk.tokens().token("user_two_schemes");
		String basic = "Basic " + HttpHeaders.encodeBasicAuth("nobody@example.com", "wrong", StandardCharsets.UTF_8);
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, basic, bearer)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-invalid");
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, basic)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Realm\"");
	}

	@Test
	void clerkTokensStillWorkOnTheSameChain() {
		this.clerk.addUser(ClerkData.user("user_ada").email("ada@example.com"));
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_ada")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_ada");
	}

	@Test
	void aBrowserIsSentToTheLoginPageAndAnApiClientGetsTheBearerChallenge() {
		this.client.get()
			.uri("/api/me")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/login");
		this.client.get()
			.uri("/api/me")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	/**
	 * Black-box run 232 F2: a chain with HTTP Basic for an admin path answered a browser
	 * without credentials with Clerk's bearer challenge, so it never prompted. With
	 * Spring's Basic entry point as the chain's, as webflux.md shows, it prompts, and a
	 * refused token is still answered with its reason by Clerk's failure handler.
	 */
	@Test
	void aBasicChainWithBasicsEntryPointChallengesForBasicAndRefusesTokensWithTheirReason() {
		this.client.get()
			.uri("/admin/info")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Realm\"");
		this.client.get()
			.uri("/admin/info")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().session("user_old").expired().sign()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-expired");
	}

	@Test
	void aRefusedTokenIsAnsweredWithItsReasonEvenForABrowser() {
		this.client.get()
			.uri("/api/me")
			.accept(MediaType.TEXT_HTML)
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().session("user_old").expired().sign()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-expired");
	}

	@Test
	void theUsersTableReplacesSpringBootsGeneratedUser(ApplicationContext context, CapturedOutput output) {
		assertThat(context.getBean(ReactiveUserDetailsService.class))
			.isInstanceOf(ClerkReactiveUserDetailsService.class);
		assertThat(output).doesNotContain("Using generated security password");
	}

	/**
	 * A staff session beside tokens that are refused: a refused token never falls back to
	 * the session, also when refused tokens are let through as anonymous; an expired
	 * {@code __session} cookie (a tab left idle) is no token, so the session is used as
	 * it is.
	 */
	@Nested
	@TestPropertySource(
			properties = { "clerk.session-cookie.enabled=true", "clerk.invalid-token-on-public-paths=anonymous" })
	class BesideRefusedTokens {

		@Test
		void aRefusedTokenLetThroughAsAnonymousNeverFallsBackToTheSession() {
			ReactiveFormLoginTests.this.accounts.createSuperuser("guard@example.com", "staff-password-1");
			String session = signIn("guard@example.com", "staff-password-1");
			ReactiveFormLoginTests.this.client.get()
				.uri("/api/me")
				.accept(MediaType.APPLICATION_JSON)
				.cookie("SESSION", session)
				.headers(ClerkTestTokens.bearer("not-a-token"))
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}

		/**
		 * A browser whose token was refused gets the refusal, as on servlet, not the
		 * login page: a bearer header is sent by code, which a redirect does not help.
		 */
		@Test
		void aBrowserWhoseTokenWasRefusedGetsTheRefusalNotTheLoginPage() {
			ReactiveFormLoginTests.this.client.get()
				.uri("/api/me")
				.accept(MediaType.TEXT_HTML)
				.headers(ClerkTestTokens.bearer("not-a-token"))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("invalid_token");
		}

		/**
		 * A browser that holds only an old {@code __session} cookie is sent to the login
		 * page, as one without the cookie is: the stale cookie is no token. So is one
		 * issued by Clerk's clock ahead of this server's (black-box run 356).
		 */
		@Test
		void aStaleSessionCookieAloneIsSentToTheLoginPage() {
			String expired = ReactiveFormLoginTests.this.clerk.tokens().session("user_idle_tab").expired().sign();
			ReactiveFormLoginTests.this.client.get()
				.uri("/api/me")
				.accept(MediaType.TEXT_HTML)
				.cookie("__session", expired)
				.exchange()
				.expectStatus()
				.isFound()
				.expectHeader()
				.location("/login");
			String ahead = ReactiveFormLoginTests.this.clerk.tokens()
				.session("user_idle_tab")
				.issuedAt(Instant.now().plusSeconds(12))
				.sign();
			ReactiveFormLoginTests.this.client.get()
				.uri("/api/me")
				.accept(MediaType.TEXT_HTML)
				.cookie("__session", ahead)
				.exchange()
				.expectStatus()
				.isFound()
				.expectHeader()
				.location("/login");
		}

		/**
		 * A required {@code @CurrentClerkUser} that finds no user is answered 401 to an
		 * API client, not taken for a refused token (which, let through as anonymous,
		 * sent the exchange down the chain a second time).
		 */
		@Test
		void aRequiredUserWithoutATokenIsAnswered401() {
			ReactiveFormLoginTests.this.client.get()
				.uri("/public/profile")
				.accept(MediaType.APPLICATION_JSON)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("unauthorized");
		}

		/**
		 * A valid {@code __session} cookie decides who the exchange is, as a bearer token
		 * does: the staff sign-in kept beside it is not read, so a database outage does
		 * not stop an exchange whose Clerk user is cached (as on servlet).
		 */
		@Test
		void aValidSessionCookieDecidesWithoutTheStaffSignInBeingRead() {
			ReactiveFormLoginTests outer = ReactiveFormLoginTests.this;
			outer.accounts.createSuperuser("both@example.com", "staff-password-1");
			String session = signIn("both@example.com", "staff-password-1");
			outer.clerk.addUser(ClerkData.user("user_cookie_decides").email("cookie-decides@example.com"));
			String token = outer.clerk.tokens().token("user_cookie_decides");
			// The first exchange stores the user and caches it.
			meWithCookie(session, token).expectStatus().isOk();
			try (DatabaseOutage outage = DatabaseOutage.of(ReactiveFormLoginTests.this.dataSource,
					ReactiveFormLoginTests.this.invalidation)) {
				meWithCookie(session, token).expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.clerkId")
					.isEqualTo("user_cookie_decides");
			}
		}

		private WebTestClient.ResponseSpec meWithCookie(String session, String token) {
			return ReactiveFormLoginTests.this.client.get()
				.uri("/api/me")
				.accept(MediaType.APPLICATION_JSON)
				.cookie("SESSION", session)
				.cookie("__session", token)
				.exchange();
		}

		@Test
		void aStaleSessionCookieLeavesTheStaffSessionAsItIs() {
			ReactiveFormLoginTests.this.accounts.createSuperuser("night@example.com", "staff-password-1");
			String session = signIn("night@example.com", "staff-password-1");
			String expired = ReactiveFormLoginTests.this.clerk.tokens().session("user_idle").expired().sign();
			ReactiveFormLoginTests.this.client.get()
				.uri("/api/me")
				.cookie("SESSION", session)
				.cookie("__session", expired)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.email")
				.isEqualTo("night@example.com");
		}

	}

	/**
	 * An application that declares its own {@link ClerkServerConfigurer}, as
	 * docs/webflux.md offers to change a setting, keeps the form-login sign-ins following
	 * the users table.
	 */
	@Nested
	@Import(OwnConfigurer.class)
	class WithTheApplicationsOwnConfigurer {

		@Test
		void aFormLoginSessionStillEndsWhenItsUsersRightsChange() {
			ClerkUser deputy = ReactiveFormLoginTests.this.accounts.createSuperuser("deputy@example.com",
					"staff-password-1");
			String session = signIn("deputy@example.com", "staff-password-1");
			me(session).expectStatus().isOk();
			ReactiveFormLoginTests.this.accounts.setRoles(deputy.getUid(), true, false);
			me(session).expectStatus().isUnauthorized();
		}

	}

	/**
	 * Signs in with the form, as a browser does: the login page (with its CSRF token and
	 * session), then the form.
	 * @return the session cookie of the signed-in user
	 */
	private String signIn(String username, String password) {
		EntityExchangeResult<byte[]> login = postLogin(username, password);
		assertThat(login.getStatus().value()).isEqualTo(302);
		assertThat(login.getResponseHeaders().getLocation()).hasToString("/");
		ResponseCookie session = login.getResponseCookies().getFirst("SESSION");
		assertThat(session).as("the session cookie of the signed-in user").isNotNull();
		return session.getValue();
	}

	private EntityExchangeResult<byte[]> postLogin(String username, String password) {
		return ReactiveTestClient.postLogin(this.client, username, password);
	}

	/**
	 * The application's own {@link ClerkServerConfigurer}, built from the library's parts
	 * with an entry point of its own.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnConfigurer {

		@Bean
		ClerkServerConfigurer clerkServerConfigurer(ApplicationContext context,
				ServerClerkTokenAuthenticationConverter converter) {
			return new ClerkServerConfigurer(
					new ClerkReactiveAuthenticationManager(ClerkAuthenticationProvider.fromBeans(context, null)))
				.authenticationConverter(converter)
				.entryPoint(ClerkServerAuthenticationEntryPoint.withLoginPage("/login"));
		}

	}

	/**
	 * An application's chain with form login beside Clerk tokens, as docs/webflux.md
	 * writes it: browsers are sent to the login page, API clients get the bearer
	 * challenge, and Spring's generated login page is added by hand (Spring Security
	 * generates it only for a chain whose entry point is not set, and Clerk's is).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class FormLoginSecurityConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityWebFilterChain adminChain(ServerHttpSecurity http) {
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/admin/**"))
				.authorizeExchange((exchanges) -> exchanges.anyExchange().hasRole("STAFF"))
				.httpBasic(withDefaults())
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint(new HttpBasicServerAuthenticationEntryPoint()))
				.build();
		}

		@Bean
		SecurityWebFilterChain appChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange(
						(exchanges) -> exchanges.pathMatchers("/public/**").permitAll().anyExchange().authenticated())
				.formLogin((form) -> form.securityContextRepository(new CredentialsErasingSecurityContextRepository()))
				.httpBasic(withDefaults())
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint(ClerkServerAuthenticationEntryPoint.withLoginPage("/login")))
				.addFilterAt(loginPage(), SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING)
				.build();
		}

		private static LoginPageGeneratingWebFilter loginPage() {
			LoginPageGeneratingWebFilter loginPage = new LoginPageGeneratingWebFilter();
			loginPage.setFormLoginEnabled(true);
			return loginPage;
		}

	}

}
