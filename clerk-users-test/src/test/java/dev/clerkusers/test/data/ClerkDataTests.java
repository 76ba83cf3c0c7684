package dev.clerkusers.test.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@link ClerkData}: a builder given a {@code null} id refuses it at once, naming the
 * argument, rather than building a Clerk object that fails far from the test's line, or
 * that the fake serves with no id (black-box run 164).
 */
@SuppressWarnings("NullAway")
class ClerkDataTests {

	@Test
	void aUserNeedsAnId() {
		refused(() -> ClerkData.user(null), "id");
	}

	@Test
	void aSessionNeedsAnIdAndAUser() {
		refused(() -> ClerkData.session(null, "user_ada"), "id");
		refused(() -> ClerkData.session("sess_1", null), "userId");
		refused(() -> ClerkData.session(null), "userId");
	}

	@Test
	void anOrganizationNeedsAnId() {
		refused(() -> ClerkData.organization(null), "id");
	}

	@Test
	void aMembershipNeedsAnIdAnOrganizationAndAUser() {
		ClerkOrganizationBuilder acme = ClerkData.organization("org_acme");
		refused(() -> ClerkData.membership(null, acme, "user_ada"), "id");
		refused(() -> ClerkData.membership("orgmem_1", null, "user_ada"), "organization");
		refused(() -> ClerkData.membership("orgmem_1", acme, null), "userId");
	}

	@Test
	void anInvitationNeedsAnIdAnOrganizationAndAnAddress() {
		ClerkOrganizationBuilder acme = ClerkData.organization("org_acme");
		refused(() -> ClerkData.invitation(null, acme, "ada@example.com"), "id");
		refused(() -> ClerkData.invitation("orginv_1", (ClerkOrganizationBuilder) null, "ada@example.com"),
				"organization");
		refused(() -> ClerkData.invitation("orginv_1", acme, null), "emailAddress");
		refused(() -> ClerkData.invitation("orginv_1", (String) null, "ada@example.com"), "organizationId");
	}

	private static void refused(Executable builder, String argument) {
		assertThatNullPointerException().isThrownBy(builder::execute).withMessage(argument + " must not be null");
	}

}
