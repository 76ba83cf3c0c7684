package dev.clerkusers.it.publicapi;

import java.lang.reflect.Method;
import java.util.Arrays;

import dev.clerkusers.organizations.OrganizationInvitationRepository;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's repositories read, and only read: its rows change through the
 * synchronizers, which take the record's lock, keep the ordering guard and evict the
 * caches. Black-box run 240: an application that saved a user through
 * {@code ClerkUserRepository} undid a webhook's change with a copy read before it, wiped
 * the password hash and private metadata with a copy read back from a session (which
 * carries neither), and deleted a row that the user cache went on serving.
 */
class ReadOnlyRepositoriesTests {

	@ParameterizedTest
	@ValueSource(classes = { ClerkUserRepository.class, OrganizationRepository.class,
			OrganizationMembershipRepository.class, OrganizationInvitationRepository.class })
	void hasNoMethodThatWrites(Class<?> repository) {
		assertThat(Arrays.stream(repository.getMethods()).map(Method::getName))
			.noneMatch((name) -> name.matches("(save|delete|flush|update|getReference).*"));
	}

}
