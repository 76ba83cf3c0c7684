package dev.clerkusers.it.api;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiError;
import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.ClerkApiRetryBudget;
import dev.clerkusers.api.ClerkApiTransport;
import dev.clerkusers.api.CreateUserRequest;
import dev.clerkusers.api.UpdateUserRequest;
import dev.clerkusers.api.UserListQuery;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.mirror.Outages;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.RecordedRequest;
import dev.clerkusers.test.data.ClerkData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.JdkClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Backend API client over real HTTP against the fake backend. Waits between retries
 * are recorded, not slept.
 */
class ClerkApiClientTests {

	/**
	 * One fake for the class (its key and server are costly to make); reset after every
	 * test.
	 */
	private static final FakeClerkBackend clerk = FakeClerkBackend.start();

	private final List<Duration> waits = new ArrayList<>();

	private final ClerkApiClient api = new ClerkApiClient(ClerkApiTransport.builder(clerk.apiUrl(), clerk.secretKey())
		.apiVersion("2025-11-10")
		.sleeper(this.waits::add)
		.build());

	@AfterEach
	void reset() {
		clerk.reset();
	}

	@AfterAll
	static void stop() {
		clerk.close();
	}

	@Test
	void getsAUserAndSendsTheSecretKeyAndApiVersion() {
		clerk.addUser(ClerkData.user("user_1").email("one@example.com").name("One", "User"));
		UserResource user = this.api.getUser("user_1");
		assertThat(user.id()).isEqualTo("user_1");
		assertThat(user.primaryEmailAddress()).get().satisfies((email) -> {
			assertThat(email.emailAddress()).isEqualTo("one@example.com");
			assertThat(email.isVerified()).isTrue();
		});
		RecordedRequest request = clerk.requests().get(0);
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + clerk.secretKey());
		assertThat(request.header("Clerk-API-Version")).isEqualTo("2025-11-10");
	}

	@Test
	void aMissingUserIsA404WithClerksErrorCode() {
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_missing"))
			.satisfies((ex) -> {
				assertThat(ex.isNotFound()).isTrue();
				assertThat(ex.hasErrorCode("resource_not_found")).isTrue();
				assertThat(ex.getTraceId()).isPresent();
				assertThat(ex.isUnavailable()).isFalse();
			});
	}

	@Test
	void listsUsersByPageAndCountsThem() {
		for (int i = 0; i < 7; i++) {
			clerk.addUser(ClerkData.user("user_" + i)
				.email(i + "@example.com")
				.createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
		}
		assertThat(this.api.listUsers(UserListQuery.page(3, 0))).extracting(UserResource::id)
			.containsExactly("user_0", "user_1", "user_2");
		assertThat(this.api.listUsers(UserListQuery.page(3, 6))).extracting(UserResource::id).containsExactly("user_6");
		assertThat(this.api.countUsers()).isEqualTo(7);
		assertThat(this.api.listUsers(UserListQuery.byEmail("3@example.com"))).extracting(UserResource::id)
			.containsExactly("user_3");
		assertThat(clerk.requests("GET", "/v1/users").get(0).queryParam("limit")).isEqualTo("3");
	}

	/**
	 * Black-box run 161, F1 and F2: a blank id went into the path or the filter, so
	 * {@code getUser("")} asked {@code GET /v1/users/} (Clerk's listing of users) and
	 * {@code listSessions("", …)} sent an empty {@code user_id} filter, on which
	 * {@code revokeAllSessions} would act on the sessions Clerk listed. A blank id is
	 * refused before any request.
	 */
	@Test
	void aBlankIdIsRefusedBeforeAnyRequest() {
		List<Runnable> calls = List.of(() -> this.api.getUser(" "),
				() -> this.api.updateUser("", UpdateUserRequest.names("A", "B")),
				() -> this.api.mergeMetadata("", Map.of("a", 1), null, null),
				() -> this.api.listSessions(" ", "active", 10, 0), () -> this.api.revokeSession(""),
				() -> this.api.revokeInvitation(""), () -> this.api.createSignInToken("", Duration.ofMinutes(5)),
				() -> this.api.createEmailAddress("", "a@example.com", true, false),
				() -> this.api.updateEmailAddress("", true, true), () -> this.api.deleteEmailAddress(" "));
		for (Runnable call : calls) {
			assertThatIllegalArgumentException().isThrownBy(call::run).withMessageContaining("must not be blank");
		}
		assertThat(clerk.requests()).isEmpty();
	}

	/**
	 * Black-box run 312 F1: the organizations' endpoints sent a blank id into the path,
	 * so {@code getOrganization("")} asked {@code GET /v1/organizations/} (Clerk's
	 * listing) and read an organization of nulls from its answer. They refuse it before
	 * any request, as the users' endpoints do.
	 */
	@Test
	void theOrganizationsEndpointsRefuseABlankIdBeforeAnyRequest() {
		ClerkOrganizationsApi organizations = new ClerkOrganizationsApi(
				ClerkApiTransport.builder(clerk.apiUrl(), clerk.secretKey()).build());
		List<Runnable> calls = List.of(() -> organizations.getOrganization(""),
				() -> organizations.listOrganizationMemberships(" ", 10, 0),
				() -> organizations.listOrganizationMembershipJsonOfUsers("", List.of("user_1")),
				() -> organizations.listOrganizationMembershipJsonOfUsers("org_1", List.of(" ")),
				() -> organizations.listOrganizationInvitations(" ", null, 10, 0));
		for (Runnable call : calls) {
			assertThatIllegalArgumentException().isThrownBy(call::run).withMessageContaining("must not be blank");
		}
		assertThat(clerk.requests()).isEmpty();
	}

	/**
	 * Black-box run 161, F4 and F5: a user created with a blank email or an empty
	 * password, a sign-in token that expired before it was made, and a listing of more
	 * addresses than the query's documented 100 were sent as they were.
	 */
	@Test
	void requestsClerkCannotMeanAreRefusedBeforeAnyRequest() {
		assertThatIllegalArgumentException().isThrownBy(() -> CreateUserRequest.withEmail(" "))
			.withMessageContaining("email");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CreateUserRequest.withEmail("ada@example.com").withPassword(""))
			.withMessageContaining("password");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CreateUserRequest.withEmail("ada@example.com").withPasswordDigest("", "bcrypt"))
			.withMessageContaining("digest");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.api.createSignInToken("user_ada", Duration.ofMinutes(-5)))
			.withMessageContaining("expiresIn");
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i <= UserListQuery.MAX_IDS; i++) {
			addresses.add(i + "@example.com");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> new UserListQuery(10, 0, null, addresses, List.of()))
			.withMessageContaining("101");
		assertThat(clerk.requests()).isEmpty();
	}

	/**
	 * Black-box run 161, F3: a count answered without {@code total_count} (a proxy's
	 * JSON, say) was read as 0 users, and "nothing is turned into a value" is the
	 * client's rule.
	 */
	@Test
	void aCountAnsweredWithoutAWholeNumberIsAClerkApiException() {
		clerk.route("GET", "/v1/users/count",
				(request, params) -> FakeClerkBackend.Response.json(200, "{\"object\":\"total_count\"}"));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.countUsers())
			.satisfies((ex) -> assertThat(ex.isUnavailable()).isTrue())
			.withMessageContaining("total_count");
	}

	/**
	 * A {@code +} in a query is a space to Clerk's servers, as to most: it must be sent
	 * as {@code %2B}, or the listing order and addresses with a plus change meaning.
	 */
	@Test
	void aPlusInAQueryValueReachesClerkAsAPlus() {
		clerk.addUser(ClerkData.user("user_plus").email("ada+news@example.com"));
		assertThat(api.findUserByEmail("ada+news@example.com")).get()
			.extracting(UserResource::id)
			.isEqualTo("user_plus");
		api.listUsers(UserListQuery.page(10, 0));
		assertThat(clerk.requests("GET", "/v1/users")).last()
			.extracting((request) -> request.queryParam("order_by"))
			.isEqualTo("+created_at");
	}

	/**
	 * A proxy's or captive portal's page, a truncated body: every answer that cannot be
	 * read is a ClerkApiException, which callers handle (a first sign-in creates the user
	 * from its token), never another exception that escapes them.
	 */
	@Test
	void anAnswerThatIsNotTheJsonExpectedIsAClerkApiException() {
		clerk.route("GET", "/v1/users/user_html", (request, params) -> FakeClerkBackend.Response.json(200,
				"<html><body>Sign in to the Wi-Fi</body></html>"));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> api.getUser("user_html"))
			.satisfies((ex) -> assertThat(ex.isUnavailable()).isTrue())
			.withMessageContaining("could not be read");
	}

	/**
	 * One entry of Clerk's error list that does not have the documented shape costs that
	 * entry's details only: the other entries' codes, on which callers decide (a conflict
	 * of an email that exists), and the trace id are kept.
	 */
	@Test
	void anErrorEntryOfAnotherShapeLosesNeitherTheOtherCodesNorTheTraceId() {
		clerk.route("GET", "/v1/users/user_odd",
				(request, params) -> FakeClerkBackend.Response.json(422,
						Map.of("errors",
								Arrays.asList(null, "an entry that is text",
										Map.of("code", "form_param_unknown", "message", "odd", "meta", List.of()),
										Map.of("code", "form_identifier_exists", "message", "taken", "meta",
												Map.of("param_name", "email_address"))),
								"clerk_trace_id", "trace_abc")));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> api.getUser("user_odd")).satisfies((ex) -> {
			assertThat(ex.hasErrorCode("form_identifier_exists")).isTrue();
			assertThat(ex.hasErrorCode("form_param_unknown")).isTrue();
			assertThat(ex.getTraceId()).hasValue("trace_abc");
			assertThat(ex.getErrors()).extracting(ClerkApiError::code)
				.containsExactly("form_param_unknown", "form_identifier_exists");
		});
	}

	/**
	 * A 404 that is not Clerk's (a proxy's or a load balancer's page, without Clerk's
	 * errors) says nothing of the resource: it is an answer that failed, never "does not
	 * exist", which would sign a user out or delete an organization.
	 */
	@Test
	void aNotFoundWithoutClerksErrorsIsNotAMissingResource() {
		clerk.route("GET", "/v1/users/user_1", (request, groups) -> new FakeClerkBackend.Response(404,
				"<html><h1>404 Not Found</h1></html>", Map.of()));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(404);
				assertThat(ex.isNotFound()).isFalse();
				assertThat(ex.isUnavailable()).isTrue();
			});
	}

	@Test
	void neverAsksForMoreThan500UsersAPage() {
		assertThatIllegalArgumentException().isThrownBy(() -> UserListQuery.page(501, 0)).withMessageContaining("500");
	}

	@Test
	void aRateLimitedCallIsRetriedAfterItsRetryAfter() {
		clerk.addUser(ClerkData.user("user_1").email("one@example.com"));
		clerk.rateLimitNext(2, 7);
		assertThat(this.api.getUser("user_1").id()).isEqualTo("user_1");
		assertThat(this.waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
		assertThat(clerk.requests()).hasSize(3);
	}

	/**
	 * Work whose caller waits for its answer (a webhook delivery) bounds its calls' waits
	 * for Clerk's rate limit: the waits add up to the budget at most, and a 429 asking
	 * for more fails at once, as Clerk unavailable.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aCallWithinARetryBudgetWaitsForTheRateLimitOnlyAsLongAsTheBudgetAllows(CapturedOutput output) {
		clerk.addUser(ClerkData.user("user_1").email("one@example.com"));
		clerk.rateLimitNext(2, 7);
		assertThatExceptionOfType(ClerkApiException.class)
			.isThrownBy(() -> ClerkApiRetryBudget.within(Duration.ofSeconds(10), () -> this.api.getUser("user_1")))
			.satisfies((ex) -> {
				assertThat(ex.isRateLimited()).isTrue();
				assertThat(ex.isUnavailable()).isTrue();
			});
		assertThat(this.waits).containsExactly(Duration.ofSeconds(7));
		assertThat(clerk.requests()).hasSize(2);
		assertThat(output).contains("Clerk rate-limited GET /v1/users/user_1 for 7s, longer than the retry budget of"
				+ " the caller waiting for its answer allows (clerk.api.request-retry-budget for requests and webhook"
				+ " events); not retrying");
	}

	/**
	 * Black-box run 332 F1: a 429 the client gave up on for its own limits said nothing,
	 * while one cut off by a budget was logged.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRateLimitNotWaitedOutIsLoggedWithTheLimitThatStoppedIt(CapturedOutput output) {
		clerk.addUser(ClerkData.user("user_1").email("one@example.com"));
		clerk.rateLimitNext(1, 61);
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"));
		assertThat(output).contains("Clerk rate-limited GET /v1/users/user_1 for 61s, longer than"
				+ " clerk.api.max-retry-wait allows; not retrying");
		clerk.rateLimitNext(4, 0);
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"));
		assertThat(output).contains("Clerk rate-limited GET /v1/users/user_1 again after 3 retries"
				+ " (clerk.api.max-retries); not retrying");
	}

	@Test
	void theWaitsOfAllTheWorksCallsCountAgainstItsBudgetAlsoInNestedWork() {
		clerk.addUser(ClerkData.user("user_1").email("one@example.com"));
		ClerkApiRetryBudget.within(Duration.ofSeconds(10), () -> {
			clerk.rateLimitNext(1, 7);
			assertThat(this.api.getUser("user_1").id()).isEqualTo("user_1");
			clerk.rateLimitNext(1, 7);
			assertThatExceptionOfType(ClerkApiException.class).as("3 seconds left")
				.isThrownBy(() -> this.api.getUser("user_1"));
			return null;
		});
		this.waits.clear();
		ClerkApiRetryBudget.within(Duration.ofSeconds(10), () -> {
			clerk.rateLimitNext(1, 7);
			ClerkApiRetryBudget.within(Duration.ofSeconds(60), () -> this.api.getUser("user_1"));
			clerk.rateLimitNext(1, 7);
			assertThatExceptionOfType(ClerkApiException.class).as("the inner work's wait counts for the outer")
				.isThrownBy(() -> this.api.getUser("user_1"));
			return null;
		});
		assertThat(this.waits).containsExactly(Duration.ofSeconds(7));
	}

	@Test
	void theSmallerOfTheClientsBudgetAndTheWorksBoundsACall() {
		clerk.addUser(ClerkData.user("user_1").email("one@example.com"));
		ClerkApiClient budgeted = this.api.withRetryBudget(Duration.ofSeconds(5));
		clerk.rateLimitNext(1, 7);
		assertThatExceptionOfType(ClerkApiException.class).as("the client's budget is smaller")
			.isThrownBy(() -> ClerkApiRetryBudget.within(Duration.ofSeconds(60), () -> budgeted.getUser("user_1")));
		clerk.rateLimitNext(1, 7);
		assertThatExceptionOfType(ClerkApiException.class).as("the inner work's budget is smaller")
			.isThrownBy(() -> ClerkApiRetryBudget.within(Duration.ofSeconds(60),
					() -> ClerkApiRetryBudget.within(Duration.ofSeconds(3), () -> this.api.getUser("user_1"))));
		assertThat(this.waits).isEmpty();
		clerk.rateLimitNext(1, 7);
		assertThat(ClerkApiRetryBudget.within(Duration.ofSeconds(60), () -> {
			ClerkApiRetryBudget.within(Duration.ofSeconds(3), () -> "nothing called");
			return this.api.getUser("user_1").id();
		})).as("the outer budget again once the inner work returned").isEqualTo("user_1");
		assertThat(this.waits).containsExactly(Duration.ofSeconds(7));
	}

	@Test
	void aRetryBudgetEndsWithItsWorkAlsoWhenTheWorkThrows() {
		clerk.addUser(ClerkData.user("user_1").email("one@example.com"));
		assertThatIllegalStateException().isThrownBy(() -> ClerkApiRetryBudget.within(Duration.ZERO, () -> {
			throw new IllegalStateException("the work failed");
		}));
		clerk.rateLimitNext(1, 7);
		ClerkApiRetryBudget.run(Duration.ZERO,
				() -> assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1")));
		clerk.rateLimitNext(1, 7);
		assertThat(this.api.getUser("user_1").id()).isEqualTo("user_1");
		assertThat(this.waits).containsExactly(Duration.ofSeconds(7));
	}

	@Test
	void aNegativeRetryBudgetIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClerkApiRetryBudget.within(Duration.ofSeconds(-1), () -> "never run"))
			.withMessage("The budget must not be negative");
	}

	@Test
	void anUnavailableBackendApiTellsHowLongItAskedToWait() {
		clerk.route("GET", "/v1/users/user_1", (request, groups) -> new FakeClerkBackend.Response(503,
				Map.of("errors", List.of()), Map.of("Retry-After", "9")));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(503);
				assertThat(ex.getRetryAfter()).contains(Duration.ofSeconds(9));
			});
	}

	/**
	 * RFC 9110: {@code Retry-After} is a number of seconds or an HTTP date.
	 */
	@Test
	void aRetryAfterGivenAsADateIsTheTimeUntilThen() {
		clerk.route("GET", "/v1/users/user_1", (request, groups) -> new FakeClerkBackend.Response(503,
				Map.of("errors", List.of()), Map.of("Retry-After", httpDate(Instant.now().plusSeconds(120)))));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).hasValueSatisfying(
					(wait) -> assertThat(wait).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(120))));
		clerk.route("GET", "/v1/users/user_2", (request, groups) -> new FakeClerkBackend.Response(429,
				Map.of("errors", List.of()), Map.of("Retry-After", httpDate(Instant.now().plusSeconds(3600)))));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_2"))
			.satisfies((ex) -> assertThat(ex.isRateLimited()).isTrue());
		assertThat(this.waits).as("an hour is longer than the limit: not waited for").isEmpty();
	}

	/**
	 * Black-box run 180 F2: RFC 9110 has a recipient read the two obsolete date formats
	 * too; C's asctime format pads a day below 10 with a space ({@code Sun Nov  6}), and
	 * such a date was unreadable, so the wait asked for was lost.
	 */
	@Test
	void aRetryAfterInEitherObsoleteDateFormatIsTheTimeUntilThen() {
		ZonedDateTime then = ZonedDateTime.of(2099, 11, 6, 8, 49, 37, 0, ZoneOffset.UTC);
		for (String date : new String[] { "Fri Nov  6 08:49:37 2099", "Friday, 06-Nov-99 08:49:37 GMT" }) {
			clerk.route("GET", "/v1/users/user_1", (request, groups) -> new FakeClerkBackend.Response(503,
					Map.of("errors", List.of()), Map.of("Retry-After", date)));
			assertThatExceptionOfType(ClerkApiException.class).as(date)
				.isThrownBy(() -> this.api.getUser("user_1"))
				.satisfies((ex) -> assertThat(ex.getRetryAfter()).as(date)
					.hasValueSatisfying((wait) -> assertThat(wait).isBetween(
							Duration.between(Instant.now(), then.toInstant()).minusMinutes(1),
							Duration.between(Instant.now(), then.toInstant()).plusMinutes(1))));
		}
	}

	/**
	 * Black-box run 132: {@code Retry-After: -3} was read as no wait at all, where RFC
	 * 9110's delay-seconds are digits only: what is neither that nor a date is no
	 * {@code Retry-After}, so a caller waits its own default, not none.
	 */
	@Test
	void aRetryAfterThatIsNeitherDigitsNorADateIsNone() {
		for (String unreadable : new String[] { "-3", "+3", "3.5", "soon", "" }) {
			clerk.route("GET", "/v1/users/user_1", (request, groups) -> new FakeClerkBackend.Response(503,
					Map.of("errors", List.of()), Map.of("Retry-After", unreadable)));
			assertThatExceptionOfType(ClerkApiException.class).as(unreadable)
				.isThrownBy(() -> this.api.getUser("user_1"))
				.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEmpty());
		}
		clerk.route("GET", "/v1/users/user_1", (request, groups) -> new FakeClerkBackend.Response(503,
				Map.of("errors", List.of()), Map.of("Retry-After", " 12 ")));
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).contains(Duration.ofSeconds(12)));
	}

	private static String httpDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

	@Test
	void aCallStillRateLimitedAfterItsRetriesFailsWithTheRetryAfter() {
		clerk.rateLimitNext(10, 2);
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"))
			.satisfies((ex) -> {
				assertThat(ex.isRateLimited()).isTrue();
				assertThat(ex.getRetryAfter()).contains(Duration.ofSeconds(2));
			});
		assertThat(clerk.requests()).hasSize(4);
	}

	@Test
	void aRetryAfterLongerThanTheLimitFailsAtOnce() {
		clerk.rateLimitNext(1, 3600);
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"))
			.satisfies((ex) -> assertThat(ex.isRateLimited()).isTrue());
		assertThat(this.waits).isEmpty();
	}

	@Test
	void serverErrorsAndUnreachableServersAreUnavailable() throws Exception {
		clerk.failNext(1, 502);
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.getUser("user_1"))
			.satisfies((ex) -> assertThat(ex.isUnavailable()).isTrue());
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ClerkApiClient nowhere = new ClerkApiClient(
				ClerkApiTransport.builder("http://127.0.0.1:" + closedPort + "/v1", "sk_test_x")
					.timeout(Duration.ofSeconds(2))
					.build());
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> nowhere.getUser("user_1"))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isZero();
				assertThat(ex.isUnavailable()).isTrue();
			});
	}

	/**
	 * Black-box run 184 F2: a call Clerk did not answer in time was reported as "could
	 * not be reached: java.net.http.HttpTimeoutException: Request cancelled", though
	 * Clerk was reached, and without the setting that ended the wait.
	 */
	@Test
	void aCallClerkDoesNotAnswerInTimeSaysSoAndNamesTheTimeout() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		clerk.route("GET", "/v1/users/(user_slow)", (request, groups) -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return FakeClerkBackend.Response.json(200, Map.of());
		});
		ClerkApiClient impatient = new ClerkApiClient(
				ClerkApiTransport.builder(clerk.apiUrl(), clerk.secretKey()).timeout(Duration.ofMillis(300)).build());
		try {
			assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> impatient.getUser("user_slow"))
				.satisfies((ex) -> {
					assertThat(ex.isUnavailable()).isTrue();
					assertThat(ex.getMessage()).isEqualTo(
							"Clerk's Backend API did not answer in time (the longest wait is clerk.api.timeout)");
				});
		}
		finally {
			release.countDown();
		}
	}

	/**
	 * A call made on an interrupted thread (an application stopping interrupts its
	 * requests) is not sent: it fails at once as an interruption, and the thread stays
	 * interrupted for its caller. Sent, the JDK 17 client could lose the interrupt while
	 * it read an answer already there (JDK-8294047).
	 */
	@Test
	void aCallOnAnInterruptedThreadIsNotSentAndTheThreadStaysInterrupted() {
		List<URI> sent = new ArrayList<>();
		JdkClientHttpRequestFactory jdk = new JdkClientHttpRequestFactory();
		ClerkApiClient counted = new ClerkApiClient(
				ClerkApiTransport.builder(clerk.apiUrl(), clerk.secretKey()).requestFactory((uri, method) -> {
					sent.add(uri);
					return jdk.createRequest(uri, method);
				}).build());
		clerk.addUser(ClerkData.user("user_1").email("one@example.com"));
		Thread.currentThread().interrupt();
		Throwable failure;
		try {
			failure = catchThrowable(() -> counted.getUser("user_1"));
		}
		finally {
			assertThat(Thread.interrupted()).as("the thread is still interrupted").isTrue();
		}
		assertThat(failure).isInstanceOf(ClerkApiException.class)
			.satisfies((ex) -> assertThat(Outages.isInterruption(ex)).isTrue());
		assertThat(sent).isEmpty();
		assertThat(counted.getUser("user_1").id()).as("an uninterrupted call is sent").isEqualTo("user_1");
		assertThat(sent).hasSize(1);
	}

	/**
	 * Clerk's endpoints do not redirect, and the client follows no redirect (the secret
	 * key would go with it): a redirect is an answer that failed, as a server error is,
	 * never an empty answer.
	 */
	@Test
	void aRedirectIsAnAnswerThatFailed() {
		clerk.route("GET", "/v1/users", (request, groups) -> new FakeClerkBackend.Response(302, null,
				Map.of("Location", "http://127.0.0.1:9/v1/users")));
		assertThatExceptionOfType(ClerkApiException.class)
			.isThrownBy(() -> this.api.listUsers(UserListQuery.page(10, 0)))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(302);
				assertThat(ex.isUnavailable()).isTrue();
			});
	}

	@Test
	void aWrongSecretKeyIsA401() {
		ClerkApiClient wrong = new ClerkApiClient(ClerkApiTransport.builder(clerk.apiUrl(), "sk_test_wrong").build());
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> wrong.countUsers()).satisfies((ex) -> {
			assertThat(ex.getStatus()).isEqualTo(401);
			assertThat(ex.hasErrorCode("clerk_key_invalid")).isTrue();
		});
	}

	@Test
	void readsTheJwks() {
		assertThat(this.api.getJwks().path("keys").get(0).path("kid").asString()).isEqualTo(clerk.tokens().keyId());
	}

}
