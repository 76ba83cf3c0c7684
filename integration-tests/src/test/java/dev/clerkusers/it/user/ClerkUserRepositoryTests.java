package dev.clerkusers.it.user;

import java.util.List;

import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.Tables;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkUserRepository} reads as a Spring Data repository does, without its writes
 * ({@code ReadOnlyRepositoriesTests}).
 */
@PostgresIntegrationTest
class ClerkUserRepositoryTests {

	@Autowired
	ClerkUserRepository repository;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void emptyTables() {
		Tables.empty(this.context);
	}

	@Test
	void readsWithSpringDatasMethodsAndSpecifications() {
		ClerkUser ada = user("user_ada", "ada@example.com");
		ClerkUser bob = user("user_bob", "bob@example.com");
		Specification<ClerkUser> adas = (root, query, builder) -> builder.equal(root.get("clerkId"), "user_ada");
		Sort byEmail = Sort.by("email");

		assertThat(this.repository.findById(ada.getId())).contains(ada);
		assertThat(this.repository.existsById(bob.getId())).isTrue();
		assertThat(this.repository.findAll()).containsExactlyInAnyOrder(ada, bob);
		assertThat(this.repository.findAllById(List.of(bob.getId()))).containsExactly(bob);
		assertThat(this.repository.count()).isEqualTo(2);
		assertThat(this.repository.findAll(byEmail.descending())).containsExactly(bob, ada);
		assertThat(this.repository.findAll(PageRequest.of(1, 1, byEmail))).containsExactly(bob);
		assertThat(this.repository.findOne(adas)).contains(ada);
		assertThat(this.repository.findAll(adas)).containsExactly(ada);
		assertThat(this.repository.findAll(adas.or((root, query, builder) -> builder.isNotNull(root.get("email"))),
				PageRequest.of(0, 1, byEmail)))
			.containsExactly(ada);
		assertThat(this.repository.findAll(Specification.unrestricted(), byEmail)).containsExactly(ada, bob);
		assertThat(this.repository.count(adas)).isEqualTo(1);
		assertThat(this.repository.exists(adas.and((root, query, builder) -> builder.isTrue(root.get("staff")))))
			.isFalse();
	}

	private ClerkUser user(String clerkId, String email) {
		return this.synchronizer.upsertFromClerk(Resources.user(ClerkData.user(clerkId).email(email).toJsonNode()))
			.value();
	}

}
