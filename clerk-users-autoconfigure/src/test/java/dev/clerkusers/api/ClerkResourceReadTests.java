package dev.clerkusers.api;

import java.util.List;
import java.util.Map;

import com.example.grants.Grant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link ClerkResource#read(JsonNode, Class)} binds Clerk's data: a cosmetic field of
 * the library's own resources is ignored when its type is wrong, nothing else is.
 */
class ClerkResourceReadTests {

	@Test
	void aCosmeticFieldOfTheLibrarysResourceOfAnUnexpectedTypeIsIgnored() {
		UserResource user = ClerkResource.read(json(Map.of("id", "user_1", "first_name", Map.of("not", "a name"),
				"created_at", "yesterday", "updated_at", 1_700_000_000_000L)), UserResource.class);
		assertThat(user.id()).isEqualTo("user_1");
		assertThat(user.firstName()).isNull();
		assertThat(user.createdAt()).isNull();
	}

	/**
	 * Review of 61000ef: the names of the library's cosmetic fields ({@code url},
	 * {@code expires_at}…) may decide access in an application's own type, which
	 * {@code ClerkWebhookEvent.data(type)} reads too.
	 */
	@Test
	void anApplicationsOwnTypeIsBoundStrictly() {
		assertThatExceptionOfType(MalformedClerkDataException.class)
			.isThrownBy(() -> ClerkResource.read(json(Map.of("id", "grant_1", "url", Map.of(), "expires_at", "never")),
					Grant.class))
			.withMessageContaining("is not a Grant");
	}

	/**
	 * Black-box run 50: an {@code id} that is a number was read as the string of its
	 * digits; a role too. Ids inside metadata are the application's, and left alone.
	 */
	@Test
	void anIdOrARoleThatIsNoStringFailsTheRecordNamingIt() {
		assertThatExceptionOfType(MalformedClerkDataException.class)
			.isThrownBy(() -> ClerkResource.read(json(Map.of("id", 42, "updated_at", 1L)), UserResource.class))
			.withMessageContaining("id is a NUMBER, not a string");
		assertThatExceptionOfType(MalformedClerkDataException.class)
			.isThrownBy(
					() -> ClerkResource.read(
							json(Map.of("id", "user_1", "email_addresses",
									List.of(Map.of("id", true, "email_address", "a@example.com")))),
							UserResource.class))
			.withMessageContaining("email_addresses[0].id is a BOOLEAN");
		UserResource withMetadata = ClerkResource
			.read(json(Map.of("id", "user_1", "public_metadata", Map.of("id", 7, "team_id", 8))), UserResource.class);
		assertThat(withMetadata.publicMetadata()).containsEntry("id", 7);
	}

	/**
	 * Black-box run 177: a field of another type failed the record with Jackson's own
	 * message ("Cannot deserialize value of type `java.lang.String`…", class names and
	 * its reference chain), stored as the failed event's error. It says what the field is
	 * and what it should be, as for an id.
	 */
	@Test
	void aValueOfAnotherTypeFailsTheRecordNamingTheFieldAndBothTypes() {
		assertThatExceptionOfType(MalformedClerkDataException.class).isThrownBy(
				() -> ClerkResource.read(json(Map.of("id", "user_1", "updated_at", "yesterday")), UserResource.class))
			.withMessage("Clerk data of user_1 is malformed: updated_at is a STRING, not a number");
		assertThatExceptionOfType(MalformedClerkDataException.class)
			.isThrownBy(() -> ClerkResource.read(
					json(Map.of("id", "user_1", "email_addresses", List.of(Map.of("id", "idn_1", "email_address", 5)))),
					UserResource.class))
			.withMessage(
					"Clerk data of user_1 is malformed: email_addresses[0].email_address is a NUMBER, not a string");
	}

	private static JsonNode json(Map<String, Object> value) {
		return JsonMapper.shared().valueToTree(value);
	}

}
