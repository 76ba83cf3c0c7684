package dev.clerkusers.organizations;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An organization or an invitation returned by a controller is written without Clerk's
 * private metadata, which Clerk keeps from the browser; the public metadata stays.
 */
class OrganizationJsonTests {

	@Test
	void anOrganizationWrittenAsJsonHasNoPrivateMetadata() {
		Organization organization = organization();
		assertHasNoPrivateMetadata(JsonMapper.shared().writeValueAsString(organization));
	}

	@Test
	void anInvitationWrittenAsJsonHasNoPrivateMetadata() {
		OrganizationInvitation invitation = new OrganizationInvitation("orginv_1", organization());
		invitation.setPublicMetadata(Map.of("plan", "pro"));
		invitation.setPrivateMetadata(Map.of("crmAccount", "acct_secret"));
		assertHasNoPrivateMetadata(JsonMapper.shared().writeValueAsString(invitation));
	}

	private static Organization organization() {
		Organization organization = new Organization("org_1");
		organization.setPublicMetadata(Map.of("plan", "pro"));
		organization.setPrivateMetadata(Map.of("crmAccount", "acct_secret"));
		return organization;
	}

	private static void assertHasNoPrivateMetadata(String json) {
		assertThat(json).contains("\"publicMetadata\"", "pro").doesNotContain("privateMetadata", "acct_secret");
	}

}
