package dev.clerkusers.it.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clerkusers.it.Resources;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.PushOptions;
import dev.clerkusers.sync.PushSummary;
import dev.clerkusers.sync.SyncRefusedException;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Pushing local users to Clerk: created with their bcrypt hashes, or linked when Clerk
 * has their email.
 */
@SpringBootTest(classes = TestApplication.class)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(SyncTestConfiguration.class)
class PushIntegrationTests {

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserPush push;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ClerkUserRepository repository;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.clerk.reset();
	}

	/**
	 * Review of d07c59c: the push decided who owns an address in Clerk with
	 * {@code equalsIgnoreCase}, which takes the Kelvin sign (U+212A) for {@code k}: a
	 * local superuser was linked to the Clerk user of another address. Addresses are the
	 * same only when equal but for the case of their ASCII letters.
	 */
	@Test
	void aClerkUserWhoseAddressDiffersInALetterThatFoldsToAnotherIsNotTheAccountsOwner() {
		this.clerk.addUser(ClerkData.user("user_kelvin").email("\u212Aate@example.com"));
		ClerkUser kate = this.accounts.createSuperuser("kate@example.com", "kate-password-1");
		PushSummary summary = this.push.push(PushOptions.email("kate@example.com"), (line) -> {
		});
		assertThat(this.repository.findByUid(kate.getUid()).orElseThrow().getClerkId()).as(summary.describe())
			.isNotEqualTo("user_kelvin");
		assertThat(Resources.user(ClerkData.user("user_kelvin").email("\u212Aate@example.com"))
			.hasVerifiedEmail("kate@example.com")).isFalse();
		assertThat(Resources.user(ClerkData.user("user_kate").email("Kate@example.com"))
			.hasVerifiedEmail("kate@EXAMPLE.com")).isTrue();
	}

	/**
	 * Review 281, F5: a user created in Clerk between the push's lookup of the address
	 * and its create (Clerk answers {@code form_identifier_exists}) is linked, and was
	 * counted as created, "without password".
	 */
	@Test
	void aUserCreatedInClerkMeanwhileIsCountedAsLinkedNotCreated() {
		ClerkUser local = this.accounts.createUser("race@example.com", null, null);
		this.clerk.addUser(ClerkData.user("user_meanwhile").email("race@example.com"));
		Map<String, ?> meanwhile = ClerkData.user("user_meanwhile").email("race@example.com").toMap();
		AtomicInteger lookups = new AtomicInteger();
		this.clerk.route("GET", "/v1/users", (request, groups) -> FakeClerkBackend.Response.json(200,
				(lookups.getAndIncrement() == 0) ? List.of() : List.of(meanwhile)));
		PushSummary summary = this.push.push(PushOptions.email("race@example.com"), (line) -> {
		});
		assertThat(this.clerk.requests("POST", "/v1/users")).as("the create Clerk refused").hasSize(1);
		assertThat(this.repository.findByUid(local.getUid()).orElseThrow().getClerkId()).isEqualTo("user_meanwhile");
		assertThat(summary.linked()).as(summary.describe()).isOne();
		assertThat(summary.created()).isZero();
		assertThat(summary.withoutPassword()).isEmpty();
	}

	@Test
	void createsUsersWithTheirBcryptHashesSoTheyKeepTheirPasswords() {
		ClerkUser ada = this.accounts.createUser("ada@example.com", null, "ada's password");
		PushSummary summary = this.push.push(PushOptions.all(), (line) -> {
		});
		assertThat(summary.created()).isOne();
		assertThat(summary.withPassword()).isOne();
		String clerkId = this.repository.findByUid(ada.getUid()).orElseThrow().getClerkId();
		assertThat(clerkId).startsWith("user_");
		Map<String, Object> digest = this.clerk.passwordDigest(clerkId).orElseThrow();
		assertThat(digest).containsEntry("hasher", "bcrypt");
		assertThat(BCrypt.checkpw("ada's password", (String) digest.get("digest"))).isTrue();
		assertThat(this.clerk.user(clerkId).orElseThrow().get("external_id")).isEqualTo(ada.getUid().toString());
	}

	@Test
	void usersWithoutAnImportableHashAreCreatedWithoutPasswordAndListed() {
		this.accounts.createUser("nopass@example.com", null, null);
		this.jdbc.update("insert into clerk_users (id, uid, email, password, created_at, updated_at) values "
				+ "(nextval('clerk_users_id_seq'), gen_random_uuid(), 'argon@example.com', '{argon2}$argon2id$v=19$x', now(), now())");
		PushSummary summary = this.push.push(PushOptions.all(), (line) -> {
		});
		assertThat(summary.created()).isEqualTo(2);
		assertThat(summary.withPassword()).isZero();
		assertThat(summary.withoutPassword()).containsExactlyInAnyOrder("nopass@example.com", "argon@example.com");
	}

	@Test
	void usersWhoseEmailIsInClerkAreLinkedNotCreated() {
		this.clerk.addUser(ClerkData.user("user_existing").email("Linked@Example.com"));
		ClerkUser local = this.accounts.createUser("linked@example.com", null, "pw-pw-pw");
		PushSummary summary = this.push.push(PushOptions.all(), (line) -> {
		});
		assertThat(summary.linked()).isOne();
		assertThat(summary.created()).isZero();
		assertThat(this.repository.findByUid(local.getUid()).orElseThrow().getClerkId()).isEqualTo("user_existing");
		assertThat(this.clerk.requests("POST", "/v1/users")).isEmpty();
	}

	/**
	 * Clerk's {@code email_address} filter finds a user by any of its addresses; an
	 * address can be added to an account without being verified. A superuser must never
	 * be handed to an account that only claims its address.
	 */
	@Test
	void aClerkUserWhoOnlyClaimsTheAddressIsAConflictAndNothingIsLinked() {
		this.clerk
			.addUser(ClerkData.user("user_evil").email("evil@example.com").email("admin@corp.example", false, false));
		ClerkUser admin = this.accounts.createSuperuser("admin@corp.example", "admin-password");
		PushSummary summary = this.push.push(PushOptions.email("admin@corp.example"), (line) -> {
		});
		assertThat(summary.linked()).isZero();
		assertThat(summary.created()).isZero();
		assertThat(summary.conflicts()).singleElement().asString().contains("admin@corp.example").contains("user_evil");
		assertThat(this.repository.findByUid(admin.getUid()).orElseThrow().getClerkId()).isNull();
		assertThat(this.clerk.requests("POST", "/v1/users")).isEmpty();
	}

	/**
	 * Black-box run 110: a Clerk user with the address verified as a secondary one was
	 * taken for its owner, and a local superuser, rights and password, was linked to a
	 * Clerk user whose primary address is another. A local account is linked only through
	 * a verified primary email, by a push as by a sync or a webhook.
	 */
	@Test
	void aClerkUserWithTheAddressVerifiedButNotPrimaryIsAConflictAndNothingIsLinked() {
		this.clerk.addUser(ClerkData.user("user_secondary")
			.email("someone@example.com", true, true)
			.email("boss@corp.example", true, false));
		ClerkUser boss = this.accounts.createSuperuser("boss@corp.example", "boss-password-1");
		PushSummary summary = this.push.push(PushOptions.email("boss@corp.example"), (line) -> {
		});
		assertThat(summary.linked()).isZero();
		assertThat(summary.created()).isZero();
		assertThat(summary.conflicts()).singleElement()
			.asString()
			.contains("boss@corp.example")
			.contains("user_secondary")
			.contains("primary");
		assertThat(this.repository.findByUid(boss.getUid()).orElseThrow().getClerkId()).isNull();
		assertThat(this.clerk.requests("POST", "/v1/users")).isEmpty();
	}

	/**
	 * Black-box run 110: {@code PushOptions.email(null)} selected every user, as
	 * {@code all()} does; without a dry run it would have created them all in Clerk.
	 */
	@Test
	void aPushOfNoEmailOrNoTimeIsRefusedNotAPushOfAll() {
		assertThatNullPointerException().isThrownBy(() -> PushOptions.email(nothing()))
			.withMessageContaining("PushOptions.all()");
		assertThatNullPointerException().isThrownBy(() -> PushOptions.createdBefore((Instant) nothing()))
			.withMessageContaining("PushOptions.all()");
	}

	@SuppressWarnings({ "NullAway", "TypeParameterUnusedInFormals" })
	private static <T> T nothing() {
		return null;
	}

	/**
	 * Black-box run 54: Clerk refusing the user as one that exists, while it lists no
	 * user with the address, was reported as "Index 0 out of bounds for length 0".
	 */
	@Test
	void aUserClerkSaysExistsButDoesNotListFailsSayingSo() {
		this.clerk.route("POST", "/v1/users", (request, groups) -> FakeClerkBackend.Response.error(422,
				"form_identifier_exists", "That email address is taken. Please try another."));
		ClerkUser local = this.accounts.createUser("race@example.com", null, null);
		PushSummary summary = this.push.push(PushOptions.all(), (line) -> {
		});
		assertThat(summary.created()).isZero();
		assertThat(summary.failed()).singleElement()
			.asString()
			.contains("race@example.com")
			.contains("form_identifier_exists")
			.doesNotContain("Index");
		assertThat(summary.failed().get(0).split("race@example.com", -1)).as("the address once, as the line's label")
			.hasSize(2);
		assertThat(this.repository.findByUid(local.getUid()).orElseThrow().getClerkId()).isNull();
	}

	/**
	 * A push with the secret key of another Clerk instance is refused, and tells how to
	 * switch instances: with the sync's {@code --force}, since the push has none.
	 */
	@Test
	void aPushWithAKeyOfAnotherInstanceSaysHowToSwitchWithTheSync() {
		ClerkUser local = this.accounts.createUser("other@example.com", null, null);
		this.jdbc
			.update("insert into clerk_instance (id, instance_id, recorded_at) values (1, 'ins_production', now())");
		assertThatExceptionOfType(SyncRefusedException.class)
			.isThrownBy(() -> this.push.push(PushOptions.all(), (line) -> {
			}))
			.withMessageContaining("ins_production")
			.withMessageContaining("run the sync with --force");
		assertThat(this.repository.findByUid(local.getUid()).orElseThrow().getClerkId()).isNull();
		assertThat(this.clerk.users()).isEmpty();
	}

	/**
	 * A push of one address says why it pushed nobody: an address no local user has is a
	 * failure (a typo, most likely), and one whose user is in Clerk already or switched
	 * off is said to be left out.
	 */
	@Test
	void aPushOfOneAddressSaysWhyItPushedNobody() {
		List<String> lines = new ArrayList<>();
		PushSummary nobody = this.push.push(PushOptions.email("nobody@example.com"), lines::add);
		assertThat(nobody.failed()).containsExactly("nobody@example.com: no local user has this email");
		this.clerk.addUser(ClerkData.user("user_linked").email("linked@example.com"));
		ClerkUser linked = this.accounts.createUser("linked@example.com", null, null);
		this.accounts.linkClerkId(linked.getUid(), "user_linked");
		PushSummary already = this.push.push(PushOptions.email("linked@example.com"), lines::add);
		assertThat(already.failed()).isEmpty();
		assertThat(lines)
			.contains("linked@example.com is left out: its local user is linked to Clerk user user_linked");
		ClerkUser off = this.accounts.createUser("off@example.com", null, null);
		this.jdbc.update("update clerk_users set is_active = false where uid = ?", off.getUid());
		this.push.push(PushOptions.email("off@example.com"), lines::add);
		assertThat(lines).contains("off@example.com is left out: its local user is switched off");
		assertThat(this.clerk.requests("POST", "/v1/users")).isEmpty();
	}

	@Test
	void twoClerkUsersWithTheAddressAreAConflict() {
		this.clerk.addUser(ClerkData.user("user_one").email("shared@example.com"));
		this.clerk
			.addUser(ClerkData.user("user_two").email("other@example.com").email("shared@example.com", true, false));
		ClerkUser local = this.accounts.createUser("shared@example.com", null, "pw-pw-pw");
		PushSummary summary = this.push.push(PushOptions.all(), (line) -> {
		});
		assertThat(summary.linked()).isZero();
		assertThat(summary.conflicts()).singleElement().asString().contains("user_one").contains("user_two");
		assertThat(this.repository.findByUid(local.getUid()).orElseThrow().getClerkId()).isNull();
	}

	@Test
	void selectsOneEmailOrUsersCreatedBeforeADateWithoutASilentLimit() {
		for (int i = 0; i < 120; i++) {
			this.accounts.createUser("many" + i + "@example.com", null, null);
		}
		this.accounts.createUser("later@example.com", null, null);
		this.jdbc
			.update("update clerk_users set created_at = now() + interval '2 days' where email = 'later@example.com'");
		PushSummary one = this.push.push(PushOptions.email("MANY7@example.com").withDryRun(true), (line) -> {
		});
		assertThat(one.processed()).isOne();
		List<String> progress = new ArrayList<>();
		PushSummary before = this.push.push(PushOptions.createdBefore(Instant.now().plusSeconds(3600)), progress::add);
		assertThat(before.processed()).isEqualTo(120);
		assertThat(before.created()).isEqualTo(120);
		assertThat(progress).contains("100 of 120 users pushed");
		assertThat(this.repository.findByEmailIgnoreCase("later@example.com").orElseThrow().getClerkId()).isNull();
	}

	/**
	 * An account switched off locally (a copied Django account with {@code is_active}
	 * false) must not become a Clerk account that signs in with its old password.
	 */
	@Test
	void anAccountSwitchedOffIsNotPushedNeitherWithTheOthersNorByItsEmail() {
		ClerkUser former = this.accounts.createUser("former@example.com", null, "former-password");
		this.accounts.createUser("current@example.com", null, "current-password");
		this.jdbc.update("update clerk_users set is_active = false where uid = ?", former.getUid());
		PushSummary all = this.push.push(PushOptions.all(), (line) -> {
		});
		assertThat(all.processed()).isOne();
		PushSummary byEmail = this.push.push(PushOptions.email("former@example.com"), (line) -> {
		});
		assertThat(byEmail.processed()).isZero();
		assertThat(this.repository.findByUid(former.getUid()).orElseThrow().getClerkId()).isNull();
		assertThat(this.clerk.requests("POST", "/v1/users")).hasSize(1);
	}

	/**
	 * A push reads each selected account again when its turn comes (black-box run 33: it
	 * held every selected account from the start), so an account switched off while the
	 * push runs is left out, as one switched off before it.
	 */
	@Test
	void anAccountSwitchedOffWhileThePushRunsIsNotPushed() {
		this.accounts.createUser("first@example.com", null, "first-password");
		ClerkUser second = this.accounts.createUser("second@example.com", null, "second-password");
		this.clerk.route("GET", "/v1/users", (request, groups) -> {
			if ("first@example.com".equals(request.param("email_address"))) {
				this.jdbc.update("update clerk_users set is_active = false where uid = ?", second.getUid());
			}
			return FakeClerkBackend.Response.json(200, List.of());
		});
		PushSummary summary = this.push.push(PushOptions.all(), (line) -> {
		});
		assertThat(summary.created()).isOne();
		assertThat(this.clerk.requests("POST", "/v1/users")).hasSize(1);
		assertThat(this.repository.findByUid(second.getUid()).orElseThrow().getClerkId()).isNull();
	}

	@Test
	void aDryRunCreatesAndLinksNothing() {
		this.accounts.createUser("dry@example.com", null, "dry-password");
		PushSummary summary = this.push.push(PushOptions.all().withDryRun(true), (line) -> {
		});
		assertThat(summary.created()).isOne();
		assertThat(this.clerk.requests("POST", "/v1/users")).isEmpty();
		assertThat(this.repository.findByEmailIgnoreCase("dry@example.com").orElseThrow().getClerkId()).isNull();
	}

}
