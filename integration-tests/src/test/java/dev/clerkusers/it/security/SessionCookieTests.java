package dev.clerkusers.it.security;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.security.ClerkSessionCookie;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clerk.session-cookie.enabled=true}: Clerk's {@code __session} cookie
 * authenticates same-origin requests, its authorized party is checked, and unsafe methods
 * still need a CSRF token.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.session-cookie.enabled=true")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(AppSecurityConfiguration.class)
class SessionCookieTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ClerkUserRepository users;

	@Value("${clerk.publishable-key}")
	String publishableKey;

	@Test
	void theSessionCookieAuthenticatesARequest() {
		this.clerk.addUser(ClerkData.user("user_cookie").email("cookie@example.com"));
		Response response = HttpTestClient.api(this.port)
			.get("/api/me", "Cookie", "__session=" + this.clerk.tokens().token("user_cookie"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("clerkId").asString()).isEqualTo("user_cookie");
	}

	@Test
	void aCookieTokenFromAnotherOriginIsRefused() {
		String foreign = this.clerk.tokens().session("user_cookie").authorizedParty("https://evil.example").sign();
		Response response = HttpTestClient.api(this.port).get("/api/me", "Cookie", "__session=" + foreign);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().path("reason").asString()).isEqualTo("token-invalid-authorized-parties");
	}

	@Test
	void aCookieAuthenticatedPostNeedsACsrfToken() {
		this.clerk.addUser(ClerkData.user("user_cookie").email("cookie@example.com"));
		Response response = HttpTestClient.api(this.port)
			.post("/api/echo", "", "Cookie", "__session=" + this.clerk.tokens().token("user_cookie"));
		assertThat(response.status()).isEqualTo(403);
	}

	/**
	 * Rule M3: a machine token is read from the {@code Authorization} header only. One in
	 * Clerk's cookie, an opaque one (which names no issuer) too, is refused with
	 * {@code token-type-mismatch}, without asking Clerk (black-box run 132).
	 */
	@Test
	void aMachineTokenInTheCookieIsRefusedAsOfAnotherType() {
		String apiKey = this.clerk.createApiKey("user_cookie", "cookie:read").secret();
		for (String machine : new String[] { apiKey, this.clerk.tokens().m2mToken("mch_cookie").sign() }) {
			Response response = HttpTestClient.api(this.port).get("/api/me", "Cookie", "__session=" + machine);
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.json().path("reason").asString()).isEqualTo("token-type-mismatch");
		}
		assertThat(this.clerk.verifyCalls("/api_keys/verify")).isEmpty();
	}

	/**
	 * Clerk's frontend refreshes the {@code __session} cookie only while a tab is active;
	 * the first page opened after a while sends an expired one. The request is signed
	 * out, not refused: a public page answers, a protected one answers 401 with the
	 * reason.
	 */
	@Test
	void anExpiredSessionCookieMakesTheRequestAnonymous() {
		String expired = this.clerk.tokens().session("user_cookie").expired().sign();
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/public/hello", "Cookie", "__session=" + expired).status()).isEqualTo(200);
		Response protectedPage = api.get("/api/me", "Cookie", "__session=" + expired);
		assertThat(protectedPage.status()).isEqualTo(401);
		assertThat(protectedPage.json().path("reason").asString()).isEqualTo("token-expired");
		String bearer = this.clerk.tokens().session("user_cookie").expired().sign();
		assertThat(api.get("/public/hello", "Authorization", "Bearer " + bearer).status())
			.as("a header token is still refused at once")
			.isEqualTo(401);
	}

	/**
	 * A cookie issued by Clerk's clock 6 to 15 seconds ahead of this server's: Clerk sets
	 * {@code nbf} 10 seconds before {@code iat}, so only {@code iat} is beyond the clock
	 * skew. It is as stale as an expired cookie, as {@code @clerk/backend} has it, so
	 * public pages and the login page answer (black-box run 356: 401 on every page).
	 */
	@Test
	void aSessionCookieIssuedByAClockAheadMakesTheRequestAnonymous() {
		String ahead = this.clerk.tokens().session("user_cookie").issuedAt(Instant.now().plusSeconds(12)).sign();
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/public/hello", "Cookie", "__session=" + ahead).status()).isEqualTo(200);
		Response protectedPage = api.get("/api/me", "Cookie", "__session=" + ahead);
		assertThat(protectedPage.status()).isEqualTo(401);
		assertThat(protectedPage.json().path("reason").asString()).isEqualTo("token-iat-in-the-future");
		Response page = HttpTestClient.browser(this.port)
			.get("/api/me", "Accept", "text/html", "Cookie", "__session=" + ahead);
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
	}

	/**
	 * Clerk's frontend names its cookie for the instance ({@code __session_<suffix>}) so
	 * that several Clerk applications on one host keep their sessions apart: that cookie
	 * is read first, and a plain {@code __session} of another instance is no token.
	 */
	@Test
	void theInstancesSuffixedCookieIsReadFirstAndAnotherInstancesCookieIsNoToken() {
		this.clerk.addUser(ClerkData.user("user_suffixed").email("suffixed@example.com"));
		String suffixed = "__session_" + ClerkSessionCookie.suffix(this.publishableKey);
		String other = this.clerk.tokens().session("user_other_app").issuer("https://clerk.other.example").sign();
		Response mine = HttpTestClient.api(this.port)
			.get("/api/me", "Cookie",
					suffixed + "=" + this.clerk.tokens().token("user_suffixed") + "; __session=" + other);
		assertThat(mine.status()).isEqualTo(200);
		assertThat(mine.json().path("clerkId").asString()).isEqualTo("user_suffixed");
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/public/hello", "Cookie", "__session=" + other).status())
			.as("another application's session is no token here")
			.isEqualTo(200);
		assertThat(api.get("/api/me", "Cookie", "__session=" + other).header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	/**
	 * Black-box run 208's note: a {@code __session} cookie that holds no token of this
	 * instance (another tool's value, another Clerk application's session) counts as no
	 * token, and its 401 said no more than "Authentication is required" to a developer
	 * looking for why the cookie did not sign the request in. It says so now.
	 */
	@Test
	void aCookieThatHoldsNoTokenOfThisInstanceIsNamedInThe401() {
		String other = this.clerk.tokens().session("user_other_app").issuer("https://clerk.other.example").sign();
		for (String cookie : new String[] { "__session=not-a-token", "__session=" + other }) {
			Response refused = HttpTestClient.api(this.port).get("/api/me", "Cookie", cookie);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
			assertThat(refused.json().path("message").asString())
				.contains("Clerk's session cookie holds no session token of this instance");
		}
	}

	/**
	 * Black-box run 310 F1 and F3, on Tomcat, which keeps the quotes of a quoted value: a
	 * quoted cookie is read as Clerk reads it, and a plain cookie that is no JWT,
	 * whatever its payload names, is no token, so that public pages answer.
	 */
	@Test
	void aQuotedCookieIsReadAndAPlainCookieThatIsNoJwtIsNoToken() {
		this.clerk.addUser(ClerkData.user("user_quoted").email("quoted@example.com"));
		String token = this.clerk.tokens().token("user_quoted");
		HttpTestClient api = HttpTestClient.api(this.port);
		Response quoted = api.get("/api/me", "Cookie", "__session=\"" + token + "\"");
		assertThat(quoted.status()).isEqualTo(200);
		assertThat(quoted.json().path("clerkId").asString()).isEqualTo("user_quoted");
		assertThat(api.get("/public/hello", "Cookie", "__session=!" + token).status()).isEqualTo(200);
		assertThat(api.get("/api/me", "Cookie", "__session=!" + token).header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	/**
	 * Black-box run 181 F4: a browser sends two plain {@code __session} cookies (another
	 * application's on the same host first, this instance's second). The first was taken
	 * and found foreign, so the request was anonymous: the first plain cookie naming this
	 * instance's issuer is its token.
	 */
	@Test
	void anotherInstancesPlainCookieBeforeThisInstancesDoesNotHideIt() {
		this.clerk.addUser(ClerkData.user("user_second_cookie").email("second-cookie@example.com"));
		String other = this.clerk.tokens().session("user_other_app").issuer("https://clerk.other.example").sign();
		Response mine = HttpTestClient.api(this.port)
			.get("/api/me", "Cookie",
					"__session=" + other + "; __session=" + this.clerk.tokens().token("user_second_cookie"));
		assertThat(mine.status()).isEqualTo(200);
		assertThat(mine.json().path("clerkId").asString()).isEqualTo("user_second_cookie");
	}

	/**
	 * A staff member signed in with the form, in a browser that still holds an old
	 * {@code __session} cookie of Clerk's frontend: the stale cookie is no token, so the
	 * form-login session is used as it is. A cookie that is refused for another reason
	 * still never falls back to the session.
	 */
	@Test
	void aStaleSessionCookieLeavesAFormLoginSessionAsItIs() {
		this.accounts.createSuperuser("cookie-boss@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("cookie-boss@example.com", "staff-password-1");
		String expired = this.clerk.tokens().session("user_cookie").expired().sign();
		Response me = browser.get("/api/me", "Cookie", "__session=" + expired);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo("cookie-boss@example.com");
		assertThat(me.json().path("mechanism").asString()).isEqualTo("form");
		String foreign = this.clerk.tokens().session("user_cookie").authorizedParty("https://evil.example").sign();
		Response refused = browser.get("/api/me", "Cookie", "__session=" + foreign);
		assertThat(refused.status()).as("a refused token never falls back to the session").isEqualTo(401);
	}

	/**
	 * A browser that holds only an old {@code __session} cookie of Clerk's frontend is
	 * sent to the login page, as one without the cookie is: the stale cookie is no token.
	 */
	@Test
	void aStaleSessionCookieAloneIsSentToTheLoginPage() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String expired = this.clerk.tokens().session("user_idle_tab").expired().sign();
		Response page = browser.get("/api/me", "Accept", "text/html", "Cookie", "__session=" + expired);
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
	}

	/**
	 * A webhook delivery is authenticated by its Svix signature alone: the Clerk session
	 * cookie of a browser or a gateway that forwards one is neither a reason to refuse a
	 * signed delivery nor a way past the signature.
	 */
	@Test
	void aDeliveryIsJudgedByItsSignatureNotByASessionCookieItCarries() {
		String foreign = this.clerk.tokens().session("user_cookie").authorizedParty("https://evil.example").sign();
		ClerkWebhookClient webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
		String body = ClerkEvents.userCreated(ClerkData.user("user_delivered").email("delivered@example.com")).toJson();
		Map<String, String> signed = new LinkedHashMap<>(ClerkWebhookSigner.test().sign(body));
		signed.put("Cookie", "__session=" + foreign);
		Delivery delivery = webhooks.post(body, signed);
		assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
		assertThat(this.users.findByClerkId("user_delivered")).isPresent();

		this.clerk.addUser(ClerkData.user("user_cookie").email("cookie@example.com"));
		String forged = ClerkEvents.userCreated(ClerkData.user("user_forged").email("forged@example.com")).toJson();
		Map<String, String> unsigned = new LinkedHashMap<>(new ClerkWebhookSigner(
				"whsec_" + Base64.getEncoder().encodeToString("another-secret-of-24-bytes".getBytes()))
			.sign(forged));
		unsigned.put("Cookie", "__session=" + this.clerk.tokens().token("user_cookie"));
		Delivery refused = webhooks.post(forged, unsigned);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("\"reason\":\"invalid-signature\"");
		assertThat(this.users.findByClerkId("user_forged")).isEmpty();
	}

}
