package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.clerkusers.test.data.ClerkData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake lists users in every order Clerk's {@code GET /v1/users} accepts: one field,
 * with an optional {@code +} or {@code -} (none is {@code +}), whatever the field's type
 * and whether users have a value for it; it refuses the pages Clerk refuses, and filters
 * as Clerk filters.
 */
class FakeClerkBackendUserListingTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final HttpClient http = HttpClient.newHttpClient();

	private FakeClerkBackend clerk;

	@BeforeEach
	void start() {
		this.clerk = FakeClerkBackend.start();
		this.clerk.addUser(ClerkData.user("user_b")
			.email("b@example.com")
			.username("bob")
			.name("Bob", "Baker")
			.createdAt(T0.plusSeconds(2))
			.lastSignInAt(T0.plusSeconds(20)));
		this.clerk.addUser(ClerkData.user("user_a")
			.email("a@example.com")
			.username("ada")
			.name("Ada", "Zed")
			.createdAt(T0.plusSeconds(3)));
		this.clerk.addUser(ClerkData.user("user_c")
			.email("c@example.com")
			.username("cy")
			.name("Cy", "Able")
			.createdAt(T0.plusSeconds(1))
			.lastSignInAt(T0.plusSeconds(10)));
	}

	@AfterEach
	void stop() {
		this.clerk.close();
	}

	@Test
	void everyFieldClerkSortsByIsSortedEitherWay() {
		assertThat(ids("username")).containsExactly("user_a", "user_b", "user_c");
		assertThat(ids("+username")).containsExactly("user_a", "user_b", "user_c");
		assertThat(ids("-username")).containsExactly("user_c", "user_b", "user_a");
		assertThat(ids("last_name")).containsExactly("user_c", "user_b", "user_a");
		assertThat(ids("first_name")).containsExactly("user_a", "user_b", "user_c");
		assertThat(ids("email_address")).containsExactly("user_a", "user_b", "user_c");
		assertThat(ids("created_at")).containsExactly("user_c", "user_b", "user_a");
		assertThat(ids("-created_at")).containsExactly("user_a", "user_b", "user_c");
	}

	@Test
	void aUserWithoutAValueIsListedLastAscendingAndFirstDescendingAsPostgreSqlDoes() {
		assertThat(ids("last_sign_in_at")).containsExactly("user_c", "user_b", "user_a");
		assertThat(ids("-last_sign_in_at")).containsExactly("user_a", "user_b", "user_c");
		assertThat(ids("-last_active_at")).containsExactly("user_a", "user_b", "user_c");
	}

	@Test
	void aFieldClerkDoesNotSortByIsRefused422LikeAPlusSentUnencoded() throws Exception {
		assertThat(get("nickname").statusCode()).isEqualTo(422);
		HttpResponse<String> unencodedPlus = get(" created_at");
		assertThat(unencodedPlus.statusCode()).isEqualTo(422);
		assertThat(unencodedPlus.body()).contains("form_param_value_invalid");
	}

	@Test
	void ofSeveralFieldsInOrderByTheFirstCountsAsInClerk() {
		assertThat(ids("-username,+created_at")).containsExactly("user_c", "user_b", "user_a");
	}

	@Test
	void aLimitOrOffsetClerkRefusesIsAnswered422NotAsAFailureOfTheFake() throws Exception {
		for (String query : List.of("limit=0", "limit=501", "limit=ten", "limit=", "offset=-1", "offset=1.5")) {
			HttpResponse<String> response = list(query);
			assertThat(response.statusCode()).as(query).isEqualTo(422);
			assertThat(response.body()).as(query).contains("form_param_value_invalid");
		}
	}

	@Test
	void usersAreFoundByPartOfTheirIdAddressUsernameOrNameInAnyCase() throws Exception {
		assertThat(idsOf(list("query=BAK"))).containsExactly("user_b");
		assertThat(idsOf(list("query=c%40example"))).containsExactly("user_c");
		assertThat(idsOf(list("query=user_a"))).containsExactly("user_a");
		assertThat(idsOf(list("query=nobody"))).isEmpty();
	}

	/**
	 * Review 301 F1: a filter the fake does not serve ({@code external_id}, the
	 * {@code starting_after} cursor, ...) was ignored, so a test got every user where
	 * Clerk answers the filtered ones, and a cursor loop never ended. It is answered 501,
	 * naming the parameter, as a call the fake does not serve is.
	 */
	@Test
	void aParameterTheFakeDoesNotServeIsAnswered501NeverIgnored() throws Exception {
		for (String query : List.of("external_id=ext_1", "starting_after=user_a", "banned=true", "created_at_after=1",
				"organization_id%5B%5D=org_1")) {
			HttpResponse<String> response = list(query);
			assertThat(response.statusCode()).as(query).isEqualTo(501);
			assertThat(response.body()).as(query)
				.contains("fake_parameter_not_served")
				.contains("'" + query.substring(0, query.indexOf('=')).replace("%5B%5D", "") + "'");
		}
		HttpResponse<String> count = send("/users/count?external_id=ext_1");
		assertThat(count.statusCode()).isEqualTo(501);
		assertThat(send("/organizations?query=acme").statusCode()).isEqualTo(501);
		assertThat(send("/users/user_a?include=everything").statusCode()).isEqualTo(501);
		assertThat(idsOf(list("user_id%5B%5D=user_a&email_address=b%40example.com&limit=5&offset=0")))
			.as("the filters it serves")
			.isEmpty();
		assertThat(idsOf(list("user_id=user_a&limit=5"))).containsExactly("user_a");
	}

	/**
	 * Review 301 F4: {@code paginated=true}, which {@code @clerk/backend} sends for
	 * sessions, pages them as {@code {data, total_count}}; without it they are a bare
	 * array, as Clerk lists them.
	 */
	@Test
	void sessionsArePagedWhenPaginatedIsAsked() throws Exception {
		this.clerk.addSession(ClerkData.session("sess_1", "user_a"));
		this.clerk.addSession(ClerkData.session("sess_2", "user_b"));
		JsonNode bare = JsonMapper.builder().build().readTree(send("/sessions?user_id=user_a").body());
		assertThat(bare.isArray()).isTrue();
		assertThat(bare.valueStream().map((session) -> session.path("id").asString())).containsExactly("sess_1");
		JsonNode paged = JsonMapper.builder().build().readTree(send("/sessions?paginated=true&limit=1").body());
		assertThat(paged.path("total_count").asInt()).isEqualTo(2);
		assertThat(paged.path("data").size()).isEqualTo(1);
	}

	private List<String> ids(String orderBy) {
		try {
			return idsOf(get(orderBy));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> idsOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode users = JsonMapper.builder().build().readTree(response.body());
		return users.valueStream().map((user) -> user.path("id").asString()).toList();
	}

	private HttpResponse<String> get(String orderBy) throws Exception {
		return list("order_by=" + URLEncoder.encode(orderBy, StandardCharsets.UTF_8));
	}

	private HttpResponse<String> list(String query) throws Exception {
		return send("/users?" + query);
	}

	private HttpResponse<String> send(String pathAndQuery) throws Exception {
		URI uri = URI.create(this.clerk.apiUrl() + pathAndQuery);
		return this.http.send(
				HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + this.clerk.secretKey()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
