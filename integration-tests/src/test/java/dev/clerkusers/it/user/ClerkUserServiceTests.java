package dev.clerkusers.it.user;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;

import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.it.LockWaits;
import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.Tables;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.Outages;
import dev.clerkusers.mirror.SyncResult.Outcome;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkUserBuilder;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.DuplicateUserException;
import dev.clerkusers.user.InvalidUserException;
import dev.clerkusers.user.UsernamePolicy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@PostgresIntegrationTest
class ClerkUserServiceTests {

	private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");

	private static final Instant T2 = Instant.parse("2026-03-01T11:00:00Z");

	private static final Instant T3 = Instant.parse("2026-03-01T12:00:00Z");

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ClerkUserRepository repository;

	@Autowired
	OrganizationRepository organizations;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void emptyTable() {
		Tables.empty(this.context);
	}

	@Nested
	class CreateUser {

		@Test
		void normalisesTheEmailDomainAndHashesThePassword() {
			ClerkUser user = accounts.createUser("  Ada.Lovelace@EXAMPLE.Com ", null, "s3cret-pass");
			assertThat(user.getEmail()).isEqualTo("Ada.Lovelace@example.com");
			assertThat(user.getPassword()).isNotEqualTo("s3cret-pass").startsWith("{bcrypt}");
			assertThat(passwordEncoder.matches("s3cret-pass", user.getPassword())).isTrue();
			assertThat(user.isActive()).isTrue();
			assertThat(user.isStaff()).isFalse();
			assertThat(user.getUid()).isNotNull();
		}

		@Test
		void withoutPasswordTheUserCannotSignInWithOne() {
			ClerkUser user = accounts.createUser("grace@example.com", null, null);
			assertThat(user.hasPassword()).isFalse();
			assertThat(jdbc.queryForObject("select password from clerk_users where id = ?", String.class, user.getId()))
				.isNull();
		}

		@Test
		void aClerkIdAloneIsEnough() {
			ClerkUser user = accounts.createUser(null, "user_only_id", null);
			assertThat(user.getClerkId()).isEqualTo("user_only_id");
			assertThat(user.getEmail()).isNull();
		}

		@Test
		void refusesAUserWithoutEmailAndWithoutClerkId() {
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createUser(null, null, "pw"))
				.withMessageContaining("email");
			assertThat(repository.count()).isZero();
		}

		/**
		 * PostgreSQL stores no NUL character: a value holding one is refused as invalid
		 * (removed, it would be another one), not failed by the database, and nothing is
		 * written.
		 */
		@Test
		void refusesAnEmailOrAClerkIdWithANulCharacterAndWritesNothing() {
			ClerkUser local = accounts.createUser("local@example.com", null, "local-password");
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createUser("nul\u0000@example.com", null, null))
				.withMessageContaining("NUL");
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createUser("x@example.com", "user_\u0000x", null))
				.withMessageContaining("NUL");
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createSuperuser("boss\u0000@example.com", "staff-password-1"))
				.withMessageContaining("NUL");
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.linkClerkId(local.getUid(), "user_\u0000y"))
				.withMessageContaining("NUL");
			assertThat(repository.count()).isOne();
			assertThat(repository.findByUid(local.getUid()).orElseThrow().getClerkId()).isNull();
		}

		/**
		 * Black-box run 88, again: a Clerk id that is missing, blank or padded is refused
		 * as invalid, and the account stays unlinked (a missing one was refused with a
		 * NullPointerException for a moment).
		 */
		@Test
		void refusesToLinkAClerkIdThatIsMissingBlankOrPadded() {
			ClerkUser local = accounts.createUser("unlinked@example.com", null, null);
			for (String clerkId : Arrays.asList(null, "", " ", " user_padded")) {
				assertThatExceptionOfType(InvalidUserException.class).as(String.valueOf(clerkId))
					.isThrownBy(() -> accounts.linkClerkId(local.getUid(), clerkId));
			}
			assertThat(repository.findByUid(local.getUid()).orElseThrow().getClerkId()).isNull();
		}

		@Test
		void refusesAnEmailTakenInAnotherCaseAndKeepsTheFirstUser() {
			ClerkUser first = accounts.createUser("grace@example.com", null, "first-password");
			assertThatExceptionOfType(DuplicateUserException.class)
				.isThrownBy(() -> accounts.createUser("GRACE@Example.COM", null, "second-password"))
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("email"));
			assertThat(repository.findAll()).singleElement().satisfies((stored) -> {
				assertThat(stored.getUid()).isEqualTo(first.getUid());
				assertThat(passwordEncoder.matches("first-password", stored.getPassword())).isTrue();
			});
		}

		@Test
		void theDatabaseItselfRefusesAnEmailDifferingOnlyInCase() {
			accounts.createUser("case@example.com", null, null);
			assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> jdbc.update(
					"insert into clerk_users (id, uid, email, created_at, updated_at) values (nextval('clerk_users_id_seq'), gen_random_uuid(), 'CASE@EXAMPLE.COM', now(), now())"));
		}

		@Test
		void refusesADuplicateClerkId() {
			accounts.createUser("one@example.com", "user_dup", null);
			assertThatExceptionOfType(DuplicateUserException.class)
				.isThrownBy(() -> accounts.createUser("two@example.com", "user_dup", null))
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("clerk_id"));
			assertThat(repository.count()).isOne();
		}

		@Test
		void refusesAnOverLongEmailWithAClearMessage() {
			String email = "a".repeat(320) + "@example.com";
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createUser(email, null, null))
				.withMessageContaining("email")
				.withMessageContaining("320");
			assertThat(repository.count()).isZero();
		}

		@Test
		void refusesSomethingThatIsNotAnEmail() {
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createUser("not-an-email", null, null))
				.withMessageContaining("not an email address");
		}

		@Test
		void refusesABlankPassword() {
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createUser("blank@example.com", null, "   "));
			assertThat(repository.count()).isZero();
		}

		/**
		 * Black-box run 50: a password BCrypt cannot hash (over 72 bytes) escaped as
		 * BCrypt's own IllegalArgumentException, not the InvalidUserException that
		 * createSuperuser's and setPassword's Javadoc promise.
		 */
		@Test
		void refusesAPasswordTheEncoderCannotHashWithAClearMessage() {
			String longest = "x".repeat(73);
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createSuperuser("long@example.com", longest))
				.withMessageContaining("password");
			ClerkUser user = accounts.createUser("short@example.com", null, "a-fine-password");
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.setPassword(user.getUid(), longest))
				.withMessageContaining("password");
			assertThat(repository.count()).isOne();
		}

	}

	@Nested
	class CreateSuperuser {

		@Test
		void createsAStaffSuperuserWithAPassword() {
			ClerkUser admin = accounts.createSuperuser("admin@example.com", "correct horse");
			assertThat(admin.isStaff()).isTrue();
			assertThat(admin.isSuperuser()).isTrue();
			assertThat(admin.getClerkId()).isNull();
			assertThat(passwordEncoder.matches("correct horse", admin.getPassword())).isTrue();
		}

		@Test
		void requiresAPassword() {
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.createSuperuser("admin@example.com", ""))
				.withMessageContaining("password");
			assertThat(repository.count()).isZero();
		}

	}

	@Nested
	class Lookups {

		@Test
		void findsByClerkIdEmailInAnyCaseUsernameAndUid() {
			ClerkUserBuilder clerk = ClerkData.user("user_lookup").email("Lookup@Example.com").username("lookup");
			ClerkUser user = synchronizer.upsertFromClerk(Resources.user(clerk.toJsonNode())).value();
			assertThat(users.findByClerkId("user_lookup")).contains(user);
			assertThat(users.findByEmail("LOOKUP@EXAMPLE.COM")).contains(user);
			assertThat(users.findByUsername("lookup")).contains(user);
			assertThat(users.findByUid(user.getUid())).contains(user);
			assertThat(users.findByEmail("nobody@example.com")).isEmpty();
		}

		/**
		 * A value with a NUL character, which no row can hold, finds nothing, as any
		 * other value no row holds, instead of failing in the database.
		 */
		@Test
		void aValueWithANulCharacterFindsNothing() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_lookup").email("lookup@example.com").toJsonNode()));
			assertThat(users.findByClerkId("user_\u0000lookup")).isEmpty();
			assertThat(users.findCachedByClerkId("user_\u0000lookup")).isEmpty();
			assertThat(users.findAllByClerkId(List.of("user_lookup", "user_\u0000lookup")))
				.extracting(ClerkUser::getClerkId)
				.containsExactly("user_lookup");
			assertThat(users.findByEmail("lookup\u0000@example.com")).isEmpty();
			assertThat(users.findByUsername("look\u0000up")).isEmpty();
		}

		/**
		 * A controller that returns the user sends neither its password hash nor Clerk's
		 * private metadata, which Clerk keeps from the browser; the public metadata
		 * stays.
		 */
		@Test
		void aUserWrittenAsJsonHasNeitherItsPasswordNorClerksPrivateMetadata() {
			ClerkUser user = synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_json")
				.email("json@example.com")
				.publicMetadata(Map.of("plan", "pro"))
				.privateMetadata(Map.of("stripeCustomer", "cus_secret"))
				.toJsonNode())).value();
			accounts.setPassword(user.getUid(), "json-password");
			String json = JsonMapper.shared().writeValueAsString(users.findByClerkId("user_json").orElseThrow());
			assertThat(json).contains("\"publicMetadata\"", "pro")
				.doesNotContain("privateMetadata", "cus_secret", "password", "bcrypt");
		}

	}

	@Nested
	class Search {

		@Test
		void findsTheTextInAnyOfTheUsersNamesRegardlessOfCaseAPageAtATimeInTheRequestedOrder() {
			upsert(ClerkData.user("user_search_1").email("ada@analytical.example").username("countess"));
			upsert(ClerkData.user("user_search_2").email("charles@example.com").name("Charles", "Babbage"));
			upsert(ClerkData.user("user_search_3").email("someone@example.com").username("analyst"));
			upsert(ClerkData.user("user_search_4").email("grace@example.com").username("grace"));
			Pageable byEmail = PageRequest.of(0, 2, Sort.by("email"));
			Page<ClerkUser> first = repository.search("ANALY", byEmail);
			assertThat(first.getContent()).extracting(ClerkUser::getClerkId)
				.containsExactly("user_search_1", "user_search_3");
			assertThat(first.getTotalElements()).isEqualTo(2);
			assertThat(repository.search("bAbBaGe", byEmail).getContent()).extracting(ClerkUser::getClerkId)
				.containsExactly("user_search_2");
			Page<ClerkUser> second = repository.search("user_search_",
					PageRequest.of(1, 3, Sort.by("email").descending()));
			assertThat(second.getContent()).extracting(ClerkUser::getClerkId).containsExactly("user_search_1");
			assertThat(second.getTotalElements()).isEqualTo(4);
		}

		@Test
		void percentAndUnderscoreInTheTextMatchOnlyThemselves() {
			upsert(ClerkData.user("user_search_5").email("a_b@example.com"));
			upsert(ClerkData.user("user_search_6").email("axb@example.com"));
			assertThat(repository.search("a_b", Pageable.unpaged()).getContent()).extracting(ClerkUser::getClerkId)
				.containsExactly("user_search_5");
			assertThat(repository.search("%", Pageable.unpaged()).getContent()).isEmpty();
		}

		/**
		 * Black-box run 92: a text with a NUL character, which no row can hold, failed in
		 * the database (and spoilt its connection's transaction) instead of finding
		 * nothing; a search box given {@code %00} answered 500.
		 */
		@Test
		void aTextWithANulCharacterFindsNothing() {
			upsert(ClerkData.user("user_search_8").email("eight@example.com"));
			assertThat(repository.search("eig\u0000ht", Pageable.unpaged()).getContent()).isEmpty();
			assertThat(repository.search("\u0000", PageRequest.of(0, 5)).getTotalElements()).isZero();
			assertThat(organizations.search("\u0000", PageRequest.of(0, 5)).getContent()).isEmpty();
			assertThat(repository.search("eight", Pageable.unpaged()).getContent()).hasSize(1);
		}

		@Test
		void anEmptyQueryFindsEveryoneAndNoQueryIsRefused() {
			upsert(ClerkData.user("user_search_7").email("seven@example.com"));
			assertThat(repository.search("", Pageable.unpaged()).getTotalElements()).isOne();
			assertThatIllegalArgumentException().isThrownBy(() -> repository.search(null, Pageable.unpaged()))
				.withMessageContaining("must not be null");
		}

		private void upsert(ClerkUserBuilder user) {
			synchronizer.upsertFromClerk(Resources.user(user.toJsonNode()));
		}

	}

	@Nested
	class UpsertFromClerk {

		/**
		 * Black-box run 37 (F5): a Clerk user stored without its username, because a row
		 * Clerk never gave that username held it (a migrated row), kept none once the
		 * holder's own change freed it: every sync after that listed the same revision,
		 * which the ordering guard took as nothing new. The listed revision's username is
		 * taken once it is free.
		 */
		@Test
		void aUsernameWithheldWhileAnotherRowHeldItIsTakenFromTheSameRevisionOnceFreed() {
			ClerkUser migrated = accounts.createUser("bob@example.com", "user_bob", null);
			jdbc.update("update clerk_users set username = 'bob' where id = ?", migrated.getId());
			UserResource chosen = Resources
				.user(ClerkData.user("user_chooser").email("chooser@example.com").username("bob").updatedAt(T1));
			synchronizer.upsertFromClerk(chosen);
			assertThat(repository.findByClerkId("user_chooser")).map(ClerkUser::getUsername).isEmpty();
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_bob").email("bob@example.com").username("bobby").updatedAt(T2)));
			assertThat(synchronizer.upsertFromClerk(chosen).outcome()).isEqualTo(Outcome.UPDATED);
			assertThat(repository.findByClerkId("user_chooser")).map(ClerkUser::getUsername).hasValue("bob");
			assertThat(synchronizer.upsertFromClerk(chosen).outcome()).as("nothing withheld any more")
				.isEqualTo(Outcome.STALE);
		}

		/**
		 * Black-box run 42 (F3): a deleted Clerk user holds no address in Clerk. Its row
		 * kept the address it had when its deletion arrived before its own move off it,
		 * and counted its deletion as the time Clerk gave it the address, so the user who
		 * has the address now (data older than the deletion) was stored without it for
		 * good, a sync notwithstanding. A deleted user's row gives its address and its
		 * username way to any Clerk user's data.
		 */
		@Test
		void aDeletedUsersRowGivesItsAddressAndUsernameToTheUserWhoHasThemNow() {
			synchronizer.upsertFromClerk(Resources.user(
					ClerkData.user("user_left").email("seat@example.com").username("seat").updatedAt(T1).toJsonNode()));
			synchronizer.deleteFromClerk("user_left", T3);
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_stays").email("own@example.com").updatedAt(T1).toJsonNode()));
			UserResource takes = Resources.user(
					ClerkData.user("user_stays").email("seat@example.com").username("seat").updatedAt(T2).toJsonNode());
			synchronizer.upsertFromClerk(takes);
			assertThat(repository.findByClerkId("user_stays")).get()
				.extracting(ClerkUser::getEmail, ClerkUser::getUsername)
				.containsExactly("seat@example.com", "seat");
			assertThat(repository.findByClerkId("user_left")).get()
				.extracting(ClerkUser::getEmail, ClerkUser::getUsername)
				.containsExactly(null, null);
		}

		/**
		 * Review of 0a4c7c0: a deleted user's row gives its address way to newer data
		 * than its own, not to any. Late data of a user that had the address before the
		 * deleted one took it keeps it off the deleted account, which a new Clerk user
		 * with that verified address then takes over.
		 */
		@Test
		void lateDataOfAnEarlierHolderLeavesADeletedAccountItsAddressToBeTakenOver() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_early").email("early@example.com").updatedAt(T1).toJsonNode()));
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_gone").email("seat9@example.com").updatedAt(T2).toJsonNode()));
			synchronizer.deleteFromClerk("user_gone", T3);
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_early")
				.email("seat9@example.com")
				.updatedAt(T1.plusSeconds(60))
				.toJsonNode()));
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_early")
				.email("early2@example.com")
				.updatedAt(T1.plusSeconds(120))
				.toJsonNode()));
			assertThat(synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_next")
				.email("seat9@example.com")
				.createdAt(T3.plusSeconds(60))
				.updatedAt(T3.plusSeconds(60))
				.toJsonNode())).outcome()).isEqualTo(Outcome.REACTIVATED);
		}

		/**
		 * An address the user still has in Clerk, beside the one a local account holds,
		 * is kept.
		 */
		@Test
		void aUserWhoseNewPrimaryAddressALocalAccountHoldsKeepsAFormerOneClerkStillLists() {
			accounts.createUser("taken@example.com", null, "s3cret-pass");
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_mover").email("former@example.com").updatedAt(T1)));
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_mover")
				.email("taken@example.com", true, true)
				.email("former@example.com", true, false)
				.updatedAt(T2)));
			assertThat(repository.findByClerkId("user_mover")).map(ClerkUser::getEmail).hasValue("former@example.com");
		}

		/**
		 * Review of 00ee521: a username moved to a Clerk user only from a holder whose
		 * latest data was older. A holder whose newer data gave it no username (it let
		 * the name go in Clerk, then changed something else) kept the name from a
		 * newcomer whose data Clerk dated between the two. The name moves to data newer
		 * than the holder's latest data that gave it the name.
		 */
		@Test
		void aUsernameMovesFromAHolderWhoseNewerDataNoLongerGivesItTheName() {
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_holder").email("holder@example.com").username("bob").updatedAt(T1)));
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_holder").email("holder@example.com").updatedAt(T3)));
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_newcomer").email("newcomer@example.com").username("bob").updatedAt(T2)));
			assertThat(repository.findByClerkId("user_newcomer")).map(ClerkUser::getUsername).hasValue("bob");
			assertThat(repository.findByClerkId("user_holder")).map(ClerkUser::getUsername).isEmpty();
		}

		/**
		 * The holder's newer data that gives it the name keeps it from older data of a
		 * newcomer, as before.
		 */
		@Test
		void aUsernameStaysWithAHolderWhoseNewerDataGivesItTheName() {
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_holder").email("holder@example.com").username("bob").updatedAt(T1)));
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_holder").email("holder@example.com").username("bob").updatedAt(T3)));
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_newcomer").email("newcomer@example.com").username("bob").updatedAt(T2)));
			assertThat(repository.findByClerkId("user_holder")).map(ClerkUser::getUsername).hasValue("bob");
			assertThat(repository.findByClerkId("user_newcomer")).map(ClerkUser::getUsername).isEmpty();
		}

		/**
		 * Review of e27abc2: data of the same revision for a user whose username is still
		 * held logged the warning of its first arrival again, at every sync and
		 * redelivery.
		 */
		@Test
		@ExtendWith(OutputCaptureExtension.class)
		void aUsernameStillHeldIsWarnedOfOncePerRevisionNotAtEverySync(CapturedOutput output) {
			ClerkUser migrated = accounts.createUser("bob@example.com", "user_bob", null);
			jdbc.update("update clerk_users set username = 'bob' where id = ?", migrated.getId());
			UserResource chosen = Resources
				.user(ClerkData.user("user_chooser").email("chooser@example.com").username("bob").updatedAt(T1));
			synchronizer.upsertFromClerk(chosen);
			synchronizer.upsertFromClerk(chosen);
			synchronizer.upsertFromClerk(chosen);
			assertThat(output.getAll().split("keeping the stored username", -1)).hasSize(2);
		}

		/**
		 * Black-box run 37 (F1): an address that differs from a local account's only in a
		 * letter whose lowercase is an ASCII one (the Kelvin sign, U+212A, folds to
		 * {@code k}) linked that account: another mailbox took a staff superuser's
		 * account. Addresses are equal regardless of the case of ASCII letters alone, in
		 * Java and in the database's unique index alike.
		 */
		@Test
		void anAddressOfALetterThatFoldsToAnotherNeitherLinksNorFindsALocalAccount() {
			ClerkUser kate = accounts.createUser("kate@example.com", null, "s3cret-pass");
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_kelvin").email("\u212Aate@example.com")));
			assertThat(repository.findById(kate.getId())).get().extracting(ClerkUser::getClerkId).isNull();
			assertThat(repository.findByClerkId("user_kelvin")).map(ClerkUser::getEmail)
				.hasValue("\u212Aate@example.com");
			assertThat(users.findByEmail("KATE@example.com")).map(ClerkUser::getUid).hasValue(kate.getUid());
			assertThat(users.findByEmail("\u212Aate@example.com")).map(ClerkUser::getClerkId).hasValue("user_kelvin");
		}

		/**
		 * Black-box run 37 (F2): an address that only the database's case folding made
		 * equal to a local account's ({@code İ}, U+0130, folds to {@code i} there, not in
		 * Java) kept the Clerk user from being stored at all. Both sides fold ASCII
		 * letters alone, so it is another address, stored.
		 */
		@Test
		void anAddressOnlyTheDatabasesFoldingMadeEqualToAnotherIsStored() {
			ClerkUser ivan = accounts.createUser("ivan@example.com", null, "s3cret-pass");
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_dotted").email("\u0130van@example.com")));
			assertThat(repository.findById(ivan.getId())).get().extracting(ClerkUser::getClerkId).isNull();
			assertThat(repository.findByClerkId("user_dotted")).map(ClerkUser::getEmail)
				.hasValue("\u0130van@example.com");
		}

		@Test
		void createsAUserFromClerkData() {
			ClerkUserBuilder clerk = ClerkData.user("user_new")
				.email("new@example.com")
				.username("newbie")
				.name("Ada", "Lovelace")
				.publicMetadata(Map.of("plan", "pro", "seats", 3))
				.privateMetadata(Map.of("stripe", "cus_1"))
				.createdAt(T1)
				.updatedAt(T1);
			var result = synchronizer.upsertFromClerk(Resources.user(clerk.toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
			ClerkUser stored = repository.findByClerkId("user_new").orElseThrow();
			assertThat(stored.getEmail()).isEqualTo("new@example.com");
			assertThat(stored.getUsername()).isEqualTo("newbie");
			assertThat(stored.getFullName()).isEqualTo("Ada Lovelace");
			assertThat(stored.getPublicMetadata()).containsEntry("plan", "pro").containsEntry("seats", 3);
			assertThat(stored.getPrivateMetadata()).containsEntry("stripe", "cus_1");
			assertThat(stored.getClerkCreatedAt()).isEqualTo(T1);
			assertThat(stored.getClerkUpdatedAt()).isEqualTo(T1);
			assertThat(stored.hasPassword()).isFalse();
			assertThat(jdbc.queryForObject("select public_metadata->>'plan' from clerk_users where clerk_id = ?",
					String.class, "user_new"))
				.isEqualTo("pro");
		}

		@Test
		void newerMetadataReplacesTheStoredMetadata() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_plan")
				.email("plan@example.com")
				.publicMetadata(Map.of("plan", "pro", "seats", 3))
				.updatedAt(T1)
				.toJsonNode()));
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_plan")
				.email("plan@example.com")
				.publicMetadata(Map.of("plan", "free"))
				.privateMetadata(Map.of("stripe", "cus_2"))
				.updatedAt(T2)
				.toJsonNode()));
			assertThat(jdbc.queryForObject("select public_metadata::text from clerk_users where clerk_id = ?",
					String.class, "user_plan"))
				.isEqualTo("{\"plan\": \"free\"}");
			assertThat(repository.findByClerkId("user_plan").orElseThrow().getPrivateMetadata())
				.containsExactly(Map.entry("stripe", "cus_2"));
		}

		/**
		 * A Clerk user seen for the first time whose verified address a newer Clerk user
		 * already holds (the address moved, and the old owner's data arrives late: a
		 * first sign-in whose fetch was answered just before the move) still gets its
		 * row, without the address: it exists in Clerk, and its request must not be
		 * refused as of an unknown user.
		 */
		@Test
		void aFirstSightOfAUserWhoseAddressANewerUserHoldsStoresItWithoutTheAddress() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_new_owner")
				.email("moved@example.com")
				.createdAt(T2)
				.updatedAt(T2)
				.toJsonNode()));
			var older = synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_old_owner")
				.email("moved@example.com")
				.createdAt(T1)
				.updatedAt(T1)
				.toJsonNode()));
			assertThat(older.outcome()).isEqualTo(Outcome.CREATED);
			ClerkUser stored = repository.findByClerkId("user_old_owner").orElseThrow();
			assertThat(stored.getEmail()).isNull();
			assertThat(stored.isActive()).isTrue();
			assertThat(repository.findByClerkId("user_new_owner").orElseThrow().getEmail())
				.isEqualTo("moved@example.com");
		}

		@Test
		void aUserStoredWithoutTheAddressANewerUserHoldsGetsAGeneratedUsername() {
			ClerkUserSynchronizer generating = generatingUsernames();
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			transaction.execute((status) -> generating.upsertFromClerk(Resources.user(
					ClerkData.user("user_holder").email("held@example.com").createdAt(T2).updatedAt(T2).toJsonNode())));
			transaction.execute((status) -> generating.upsertFromClerk(Resources.user(ClerkData.user("user_late_owner")
				.email("held@example.com")
				.username(null)
				.createdAt(T1)
				.updatedAt(T1)
				.toJsonNode())));
			assertThat(repository.findByClerkId("user_late_owner").orElseThrow().getUsername()).startsWith("member");
		}

		@Test
		void updatesWithNewerDataAndIgnoresOlderData() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_order")
				.email("o@example.com")
				.name("New", "Name")
				.updatedAt(T2)
				.toJsonNode()));
			var older = synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_order")
				.email("o@example.com")
				.name("Old", "Name")
				.updatedAt(T1)
				.toJsonNode()));
			assertThat(older.outcome()).isEqualTo(Outcome.STALE);
			assertThat(repository.findByClerkId("user_order").orElseThrow().getFirstName()).isEqualTo("New");
			var newer = synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_order")
				.email("o@example.com")
				.name("Newest", "Name")
				.updatedAt(T2.plusSeconds(1))
				.toJsonNode()));
			assertThat(newer.outcome()).isEqualTo(Outcome.UPDATED);
			assertThat(repository.findByClerkId("user_order").orElseThrow().getFirstName()).isEqualTo("Newest");
		}

		@Test
		void linksAnExistingAccountThroughItsVerifiedPrimaryEmail() {
			ClerkUser staff = accounts.createSuperuser("boss@example.com", "pw-of-the-boss");
			var result = synchronizer
				.upsertFromClerk(Resources.user(ClerkData.user("user_boss").email("BOSS@example.com").toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.LINKED);
			ClerkUser linked = repository.findByClerkId("user_boss").orElseThrow();
			assertThat(linked.getUid()).isEqualTo(staff.getUid());
			assertThat(linked.isSuperuser()).isTrue();
			assertThat(repository.count()).isOne();
		}

		@Test
		void neverLinksThroughAnUnverifiedEmail() {
			ClerkUser staff = accounts.createSuperuser("victim@example.com", "pw");
			var result = synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_attacker").email("victim@example.com", false, true).toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
			ClerkUser stored = repository.findByUid(staff.getUid()).orElseThrow();
			assertThat(stored.getClerkId()).isNull();
			ClerkUser attacker = repository.findByClerkId("user_attacker").orElseThrow();
			assertThat(attacker.getEmail()).isNull();
			assertThat(attacker.isSuperuser()).isFalse();
		}

		@Test
		void neverLinksThroughAVerifiedAddressThatIsNotPrimary() {
			ClerkUser staff = accounts.createSuperuser("second@example.com", "pw");
			ClerkUserBuilder clerk = ClerkData.user("user_second")
				.email("first@example.com", true, true)
				.email("second@example.com", true, false);
			synchronizer.upsertFromClerk(Resources.user(clerk.toJsonNode()));
			assertThat(repository.findByUid(staff.getUid()).orElseThrow().getClerkId()).isNull();
		}

		@Test
		void neverLinksThroughAUsername() {
			ClerkUser admin = accounts.createSuperuser("admin@example.com", "pw");
			accounts.setRoles(admin.getUid(), true, true);
			jdbc.update("update clerk_users set username = 'admin' where uid = ?", admin.getUid());
			var result = synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_squatter").email("squatter@example.com").username("admin").toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
			assertThat(repository.findByUid(admin.getUid()).orElseThrow().getClerkId()).isNull();
			ClerkUser squatter = repository.findByClerkId("user_squatter").orElseThrow();
			assertThat(squatter.getUsername()).isNull();
			assertThat(squatter.isStaff()).isFalse();
		}

		/**
		 * An account switched off before it had a Clerk user (a copied Django account
		 * with {@code is_active} false, a staff member who left) is linked as an ordinary
		 * account: Clerk decides from then on whether it is active, and the password and
		 * rights an administrator switched off do not come back with it.
		 */
		@Test
		void anAccountSwitchedOffIsLinkedWithoutItsPasswordAndRights() {
			ClerkUser former = accounts.createSuperuser("former@example.com", "former-password-1");
			jdbc.update("update clerk_users set is_active = false where uid = ?", former.getUid());
			var result = synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_former").email("former@example.com").toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.LINKED);
			ClerkUser linked = repository.findByUid(former.getUid()).orElseThrow();
			assertThat(linked.getClerkId()).isEqualTo("user_former");
			assertActiveWithoutPasswordOrRights(linked);
		}

		@Test
		void anAccountSwitchedOffAndLinkedByHandGetsNeitherBackWithClerksData() {
			ClerkUser former = accounts.createSuperuser("by-hand@example.com", "former-password-2");
			jdbc.update("update clerk_users set is_active = false where uid = ?", former.getUid());
			accounts.linkClerkId(former.getUid(), "user_by_hand");
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_by_hand").email("by-hand@example.com").toJsonNode()));
			ClerkUser linked = repository.findByUid(former.getUid()).orElseThrow();
			assertActiveWithoutPasswordOrRights(linked);
		}

		/**
		 * A deleted Clerk user's account may have been a staff account with a local
		 * password (linked through its email). Whoever verifies that email in Clerk later
		 * gets the account back, but neither the old password nor the old rights:
		 * deleting a user in Clerk is how an operator takes them away.
		 */
		@Test
		void aReactivatedAccountKeepsNeitherTheOldPasswordNorTheOldRights() {
			ClerkUser ops = superuserLinkedToUserOps();
			synchronizer.deactivate("user_ops", T1.plusSeconds(60));
			var result = synchronizer.upsertFromClerk(Resources.user(
					ClerkData.user("user_new_ops").email("ops@example.com").createdAt(T2).updatedAt(T2).toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.REACTIVATED);
			ClerkUser reactivated = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(reactivated.getClerkId()).isEqualTo("user_new_ops");
			assertActiveWithoutPasswordOrRights(reactivated);
		}

		/**
		 * Black-box run 37 (F4): the deletion took the password and rights away only in
		 * one order, when it was stored before the new owner of the address arrived and
		 * took the account over. Arriving after the new user (stored on a row of its
		 * own), it left the deleted account its local password and its staff and
		 * superuser rights. A Clerk user's deletion takes them away, whatever comes next.
		 */
		@Test
		void aDeletionTakesTheAccountsPasswordAndRightsAwayAlsoAfterTheNewOwnerOfItsAddress() {
			ClerkUser ops = superuserLinkedToUserOps();
			synchronizer.upsertFromClerk(Resources.user(
					ClerkData.user("user_new_ops").email("ops@example.com").createdAt(T2).updatedAt(T2).toJsonNode()));
			synchronizer.deleteFromClerk("user_ops", T1.plusSeconds(60));
			ClerkUser deleted = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(deleted.isActive()).isFalse();
			assertThat(deleted.hasPassword()).isFalse();
			assertThat(deleted.isStaff()).isFalse();
			assertThat(deleted.isSuperuser()).isFalse();
		}

		/**
		 * Black-box run 244 (the organizations' synchronizer alike): a deletion without
		 * its time is refused, and nothing changes.
		 */
		@Test
		void aDeletionWithoutItsTimeIsRefusedAndChangesNothing() {
			ClerkUser ops = superuserLinkedToUserOps();
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.deleteFromClerk("user_ops", null))
				.withMessageContaining("deletedAt");
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.deactivate("user_ops", null))
				.withMessageContaining("deletedAt");
			// Black-box run 247: a sign-in without its time stored a placeholder for an
			// unknown user; Clerk's data without a user failed with a bare
			// NullPointerException.
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.recordLogin("user_unseen", null))
				.withMessageContaining("at");
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.recordLogout("user_ops", null))
				.withMessageContaining("at");
			assertThatIllegalArgumentException().isThrownBy(() -> synchronizer.upsertFromClerk(null))
				.withMessageContaining("data");
			assertThat(repository.findByClerkId("user_unseen")).isEmpty();
			ClerkUser after = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(after.isActive()).isTrue();
			assertThat(after.isDeleted()).isFalse();
			assertThat(after.isSuperuser()).isTrue();
		}

		/**
		 * Black-box run 164, F1: {@code setRoles} gave a user Clerk deleted its staff
		 * flag back (the test kit's {@code @WithClerkUser} called it), though the
		 * deletion takes the rights and the password away for good. Taking them away
		 * stays allowed.
		 */
		@Test
		void aUserDeletedInClerkIsGivenNoRightNorPasswordAgain() {
			ClerkUser ops = superuserLinkedToUserOps();
			synchronizer.deleteFromClerk("user_ops", T1.plusSeconds(60));
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.setRoles(ops.getUid(), true, false))
				.withMessageContaining("deleted in Clerk");
			assertThatExceptionOfType(InvalidUserException.class)
				.isThrownBy(() -> accounts.setPassword(ops.getUid(), "a-new-password-1"))
				.withMessageContaining("deleted in Clerk");
			accounts.setRoles(ops.getUid(), false, false);
			accounts.setPassword(ops.getUid(), null);
			ClerkUser deleted = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(deleted.isStaff()).isFalse();
			assertThat(deleted.hasPassword()).isFalse();
		}

		/**
		 * Review of 213eb11: Clerk's deletion of a user that a reconcile had deactivated
		 * first found the row deleted already, and left it its password and rights. The
		 * deletion takes them whatever came before it.
		 */
		@Test
		void aDeletionAfterADeactivationStillTakesThePasswordAndRights() {
			ClerkUser ops = superuserLinkedToUserOps();
			synchronizer.deactivate("user_ops", T1.plusSeconds(60));
			assertThat(synchronizer.deleteFromClerk("user_ops", T2).outcome()).isEqualTo(Outcome.IGNORED_DELETED);
			ClerkUser deleted = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(deleted.hasPassword()).isFalse();
			assertThat(deleted.isSuperuser()).isFalse();
		}

		/**
		 * Review of 65578e9: a reconcile's deactivation (or an operator's) is not a
		 * deletion Clerk sent: it may be a mistake, undone later (a reconcile forced
		 * against another instance), so the account keeps its password and rights.
		 */
		@Test
		void aDeactivationKeepsTheAccountsPasswordAndRightsForItToBeUndone() {
			ClerkUser ops = superuserLinkedToUserOps();
			synchronizer.deactivate("user_ops", T1.plusSeconds(60));
			ClerkUser deactivated = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(deactivated.isActive()).isFalse();
			assertThat(deactivated.hasPassword()).isTrue();
			assertThat(deactivated.isSuperuser()).isTrue();
		}

		/**
		 * Black-box run 54: operations.md said a reconcile's deactivation lasts "until
		 * someone acts", without saying who or how. It is a tombstone of the Clerk id, as
		 * a deletion Clerk sent is: neither Clerk data older than it (a later sync's
		 * listing of the unchanged user) nor newer data brings the user back, as
		 * operations.md now says, with how an operator undoes a wrong one.
		 */
		@Test
		void aDeactivationIsATombstoneThatNoLaterClerkDataUndoes() {
			ClerkUser ops = superuserLinkedToUserOps();
			synchronizer.deactivate("user_ops", T1.plusSeconds(60));
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_ops").email("ops@example.com").updatedAt(T1).toJsonNode()));
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_ops").email("ops@example.com").updatedAt(T1.plusSeconds(120)).toJsonNode()));
			ClerkUser still = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(still.isActive()).isFalse();
			assertThat(still.hasPassword()).as("kept for an operator to undo it").isTrue();
			assertThat(still.isSuperuser()).isTrue();
			jdbc.update("update clerk_users set is_active = true, deleted_at = null where clerk_id = ?", "user_ops");
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_ops")
				.email("ops@example.com")
				.name("Ops", null)
				.updatedAt(T1.plusSeconds(180))
				.toJsonNode()));
			ClerkUser undone = repository.findByUid(ops.getUid()).orElseThrow();
			assertThat(undone.isActive()).as("undone as operations.md says").isTrue();
			assertThat(undone.getFirstName()).isEqualTo("Ops");
			assertThat(undone.isSuperuser()).isTrue();
		}

		/**
		 * A local superuser, {@code ops@example.com} with a password, that Clerk user
		 * {@code user_ops} with the same verified address has taken over (data of T1).
		 */
		private ClerkUser superuserLinkedToUserOps() {
			ClerkUser ops = accounts.createSuperuser("ops@example.com", "ops-password-12");
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_ops").email("ops@example.com").updatedAt(T1).toJsonNode()));
			return ops;
		}

		/**
		 * What whoever proves an account's email gets when the account was switched off
		 * or deleted: an ordinary active account, without the local password and rights.
		 */
		private void assertActiveWithoutPasswordOrRights(ClerkUser user) {
			assertThat(user.isActive()).isTrue();
			assertThat(user.isStaff()).isFalse();
			assertThat(user.isSuperuser()).isFalse();
			assertThat(user.hasPassword()).isFalse();
		}

		@Test
		void reactivatesADeletedAccountWhenANewClerkUserWithItsVerifiedEmailArrives() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_gone").email("back@example.com").updatedAt(T1).toJsonNode()));
			synchronizer.deactivate("user_gone", T1.plusSeconds(60));
			var result = synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_back").email("back@example.com").createdAt(T2).updatedAt(T2).toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.REACTIVATED);
			ClerkUser user = repository.findByClerkId("user_back").orElseThrow();
			assertThat(user.isActive()).isTrue();
			assertThat(user.isDeleted()).isFalse();
			assertThat(repository.count()).as("the account, and the deleted user's tombstone").isEqualTo(2);
			// A late update of the deleted account changes nothing.
			var late = synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_gone")
				.email("back@example.com")
				.name("Late", null)
				.updatedAt(T1.plusSeconds(30))
				.toJsonNode()));
			assertThat(late.changed()).isFalse();
			assertThat(repository.findByClerkId("user_back").orElseThrow().getFirstName()).isNull();
			assertThat(repository.count()).isEqualTo(2);
		}

		/**
		 * The deleted Clerk user whose account a new one took over stays deleted: a late
		 * event of it, with another address, brings no account of it back to life.
		 */
		@Test
		void theDeletedUserOfATakenOverAccountStaysDeleted() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_left").email("seat@example.com").updatedAt(T1).toJsonNode()));
			synchronizer.deactivate("user_left", T1.plusSeconds(60));
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_took").email("seat@example.com").createdAt(T2).updatedAt(T2).toJsonNode()));
			var late = synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_left")
				.email("elsewhere@example.com")
				.updatedAt(T1.plusSeconds(30))
				.toJsonNode()));
			assertThat(late.outcome()).isEqualTo(Outcome.IGNORED_DELETED);
			assertThat(repository.findByClerkId("user_left")).hasValueSatisfying((left) -> {
				assertThat(left.isDeleted()).isTrue();
				assertThat(left.isActive()).isFalse();
				assertThat(left.getEmail()).isNull();
			});
			assertThat(synchronizer.deleteFromClerk("user_left", T2).outcome()).isEqualTo(Outcome.IGNORED_DELETED);
		}

		/**
		 * Black-box run 42 (F1): a username the user removed in Clerk stayed on its row
		 * for good (and went to whoever took the account over). A username Clerk gave is
		 * removed with Clerk's; one Clerk never gave (the application's, a migration's, a
		 * generated one) is never replaced with nothing, unlike django-clerk-users
		 * (weakness 14).
		 */
		@Test
		void aUsernameRemovedInClerkIsRemovedButOneClerkNeverGaveStays() {
			synchronizer.upsertFromClerk(Resources.user(
					ClerkData.user("user_name").email("n@example.com").username("chosen").updatedAt(T1).toJsonNode()));
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_name").email("n@example.com").username(null).updatedAt(T2).toJsonNode()));
			assertThat(repository.findByClerkId("user_name").orElseThrow().getUsername()).isNull();
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_local").email("l@example.com").username(null).updatedAt(T1).toJsonNode()));
			jdbc.update("update clerk_users set username = 'set-by-the-app' where clerk_id = 'user_local'");
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_local").email("l@example.com").username(null).updatedAt(T2).toJsonNode()));
			assertThat(repository.findByClerkId("user_local").orElseThrow().getUsername()).isEqualTo("set-by-the-app");
		}

		/**
		 * django-clerk-users replaced a username with a new random one on every update
		 * while generation was on. Generation here happens only when a user is created.
		 */
		@Test
		void withUsernameGenerationOnAGeneratedUsernameIsKeptAndAChosenOneWins() {
			ClerkUserSynchronizer generating = generatingUsernames();
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			Function<Instant, ClerkUserBuilder> user = (updatedAt) -> ClerkData.user("user_gen")
				.email("gen@example.com")
				.username(null)
				.updatedAt(updatedAt);
			transaction.execute((status) -> generating.upsertFromClerk(Resources.user(user.apply(T1).toJsonNode())));
			String generated = repository.findByClerkId("user_gen").orElseThrow().getUsername();
			assertThat(generated).startsWith("member");
			transaction.execute((status) -> generating.upsertFromClerk(Resources.user(user.apply(T2).toJsonNode())));
			transaction.execute((status) -> generating
				.upsertFromClerk(Resources.user(user.apply(T2.plusSeconds(60)).toJsonNode())));
			assertThat(repository.findByClerkId("user_gen").orElseThrow().getUsername())
				.as("no new random username on an update")
				.isEqualTo(generated);
			transaction.execute((status) -> generating
				.upsertFromClerk(Resources.user(user.apply(T2.plusSeconds(120)).username("chosen").toJsonNode())));
			assertThat(repository.findByClerkId("user_gen").orElseThrow().getUsername()).isEqualTo("chosen");
			transaction.execute((status) -> generating
				.upsertFromClerk(Resources.user(user.apply(T2.plusSeconds(180)).toJsonNode())));
			assertThat(repository.findByClerkId("user_gen").orElseThrow().getUsername())
				.as("the chosen one removed in Clerk, and no new random one")
				.isNull();
		}

		/**
		 * Black-box run 104, F3: a local account that a Clerk user without a username
		 * linked, or took over after its Clerk user's deletion, was the one row of a
		 * Clerk user stored without a generated username, while generation was on. It is
		 * the Clerk user's row's first storing: one is generated then, and kept; a
		 * username the account has stays.
		 */
		@Test
		void withUsernameGenerationOnALinkedAccountWithoutOneGetsOne() {
			ClerkUserSynchronizer generating = generatingUsernames();
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			accounts.createUser("linked-gen@example.com", null, "local-password");
			ClerkUser named = accounts.createUser("named-gen@example.com", null, null);
			jdbc.update("update clerk_users set username = 'kept_name' where id = ?", named.getId());
			transaction.execute((status) -> generating.upsertFromClerk(Resources
				.user(ClerkData.user("user_linked_gen").email("linked-gen@example.com").username(null).toJsonNode())));
			transaction.execute((status) -> generating.upsertFromClerk(Resources
				.user(ClerkData.user("user_named_gen").email("named-gen@example.com").username(null).toJsonNode())));
			assertThat(repository.findByClerkId("user_linked_gen").orElseThrow().getUsername()).startsWith("member_");
			assertThat(repository.findByUid(named.getUid()).orElseThrow().getUsername()).isEqualTo("kept_name");
			transaction.execute((status) -> generating.deleteFromClerk("user_linked_gen", T2));
			jdbc.update("update clerk_users set username = null where email = 'linked-gen@example.com'");
			transaction.execute((status) -> generating.upsertFromClerk(Resources.user(ClerkData.user("user_again_gen")
				.email("linked-gen@example.com")
				.username(null)
				.updatedAt(T2.plusSeconds(60))
				.toJsonNode())));
			assertThat(repository.findByClerkId("user_again_gen")).hasValueSatisfying((user) -> {
				assertThat(user.getEmail()).as("the deleted user's account, taken over")
					.isEqualTo("linked-gen@example.com");
				assertThat(user.getUsername()).startsWith("member_");
			});
		}

		@Test
		void bannedOrLockedUsersAreInactiveAndComeBackWhenUnbanned() {
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_ban").email("b@example.com").banned(true).updatedAt(T1).toJsonNode()));
			assertThat(repository.findByClerkId("user_ban").orElseThrow().isActive()).isFalse();
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_ban").email("b@example.com").updatedAt(T2).toJsonNode()));
			assertThat(repository.findByClerkId("user_ban").orElseThrow().isActive()).isTrue();
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_ban")
				.email("b@example.com")
				.locked(true)
				.updatedAt(T2.plusSeconds(1))
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_ban").orElseThrow().isActive()).isFalse();
		}

		/**
		 * A user deprovisioned by the organization's identity provider (SCIM) cannot sign
		 * in to Clerk any more: the local account is inactive too, until Clerk provisions
		 * the user again.
		 */
		@Test
		void deprovisionedUsersAreInactiveAndComeBackWhenProvisionedAgain() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_scim")
				.email("scim@example.com")
				.deprovisioned(true)
				.updatedAt(T1)
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_scim").orElseThrow().isActive()).isFalse();
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_scim").email("scim@example.com").updatedAt(T2).toJsonNode()));
			assertThat(repository.findByClerkId("user_scim").orElseThrow().isActive()).isTrue();
		}

		/**
		 * A verified address that a local account (one Clerk has never named) holds does
		 * not move: Clerk data never takes over another account. Black-box run 37: the
		 * user kept its former address, which Clerk no longer gives it, and mail to the
		 * user would go there; webhooks.md promises a verified address of Clerk's, or
		 * none. It has none, and the former address is free.
		 */
		@Test
		void anEmailChangeCollidingWithAnotherAccountLeavesTheUserNoneOfItsFormerAddresses() {
			accounts.createUser("taken@example.com", null, "pw");
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_move").email("mine@example.com").updatedAt(T1).toJsonNode()));
			var result = synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_move").email("taken@example.com").updatedAt(T2).toJsonNode()));
			assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
			assertThat(repository.findByClerkId("user_move")).get().extracting(ClerkUser::getEmail).isNull();
			assertThat(users.findByEmail("mine@example.com")).isEmpty();
			assertThat(users.findByEmail("taken@example.com")).get().extracting(ClerkUser::getClerkId).isNull();
		}

		/**
		 * Clerk gives an address to one user at a time. When a user's verified address is
		 * still stored on another Clerk user whose stored data is older (its change has
		 * not arrived yet), the address moves to the user whose data says so now; the
		 * other gets its own when its data comes. Older data never takes an address from
		 * newer.
		 */
		@Test
		void aVerifiedAddressStillStoredOnAnotherClerkUserWithOlderDataMovesToItsNewOwner() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_a").email("shared@example.com").updatedAt(T1).toJsonNode()));
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_b").email("shared@example.com").updatedAt(T2).toJsonNode()));
			assertThat(repository.findByClerkId("user_b").orElseThrow().getEmail()).isEqualTo("shared@example.com");
			assertThat(repository.findByClerkId("user_a").orElseThrow().getEmail()).isNull();
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_a").email("new-a@example.com").updatedAt(T3).toJsonNode()));
			assertThat(repository.findByClerkId("user_a").orElseThrow().getEmail()).isEqualTo("new-a@example.com");
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_c").email("shared@example.com").updatedAt(T1).toJsonNode()));
			assertThat(repository.findByClerkId("user_c").orElseThrow().getEmail())
				.as("older data than the holder's takes nothing")
				.isNull();
			assertThat(repository.findByClerkId("user_b").orElseThrow().getEmail()).isEqualTo("shared@example.com");
		}

		/**
		 * Black-box run 33: Clerk gives a username to one user at a time too, but a
		 * username still stored on another Clerk user whose data is older was kept there,
		 * and the user whose newer data said so never got it, even after the other's
		 * change arrived. It moves as an address does.
		 */
		@Test
		void aUsernameStillStoredOnAnotherClerkUserWithOlderDataMovesToItsNewOwner() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_old_holder")
				.email("holder@example.com")
				.username("ada")
				.updatedAt(T1)
				.toJsonNode()));
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_new_holder")
				.email("taker@example.com")
				.username("ada")
				.updatedAt(T3)
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_new_holder").orElseThrow().getUsername()).isEqualTo("ada");
			assertThat(repository.findByClerkId("user_old_holder").orElseThrow().getUsername()).isNull();
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_old_holder")
				.email("holder@example.com")
				.username("ada_renamed")
				.updatedAt(T2)
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_old_holder").orElseThrow().getUsername())
				.isEqualTo("ada_renamed");
			synchronizer.upsertFromClerk(Resources.user(
					ClerkData.user("user_late").email("late@example.com").username("ada").updatedAt(T1).toJsonNode()));
			assertThat(repository.findByClerkId("user_late").orElseThrow().getUsername())
				.as("older data than the holder's takes nothing")
				.isNull();
			assertThat(repository.findByClerkId("user_new_holder").orElseThrow().getUsername()).isEqualTo("ada");
		}

		/**
		 * Review of 6243ac1: a username moved from any Clerk user whose data was older,
		 * also one Clerk never gave it. A generated username is the library's, not
		 * Clerk's: a Clerk user who chooses the same name in Clerk does not take it.
		 */
		@Test
		void aGeneratedUsernameIsNeverTakenByAClerkUserWhoChoseTheSameName() {
			ClerkUserSynchronizer generating = generatingUsernames();
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			transaction.execute((status) -> generating.upsertFromClerk(Resources.user(ClerkData.user("user_generated")
				.email("generated@example.com")
				.username(null)
				.updatedAt(T1)
				.toJsonNode())));
			String generated = repository.findByClerkId("user_generated").orElseThrow().getUsername();
			assertThat(generated).startsWith("member");
			transaction.execute((status) -> generating.upsertFromClerk(Resources.user(ClerkData.user("user_chooser")
				.email("chooser@example.com")
				.username(generated)
				.updatedAt(T2)
				.toJsonNode())));
			assertThat(repository.findByClerkId("user_generated").orElseThrow().getUsername()).isEqualTo(generated);
			assertThat(repository.findByClerkId("user_chooser").orElseThrow().getUsername()).isNotEqualTo(generated);
		}

		/**
		 * A username a linked account holds that is not Clerk's (one its application set,
		 * or a Django migration brought) is never taken by a Clerk user who chooses it in
		 * Clerk.
		 */
		@Test
		void aUsernameClerkNeverGaveItsHolderIsNeverTakenByAClerkUser() {
			synchronizer.upsertFromClerk(Resources.user(
					ClerkData.user("user_staff").email("staff@example.com").username(null).updatedAt(T1).toJsonNode()));
			jdbc.update("update clerk_users set username = 'admin' where clerk_id = 'user_staff'");
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_chooser")
				.email("chooser@example.com")
				.username("admin")
				.updatedAt(T2)
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_staff").orElseThrow().getUsername()).isEqualTo("admin");
			assertThat(repository.findByClerkId("user_chooser").orElseThrow().getUsername()).isNull();
		}

		/**
		 * Review of 0cb491a: the username Clerk last gave a user was recorded even when
		 * the row could not take it. A user who renamed itself in Clerk to a name another
		 * row holds kept its old name, recorded as not Clerk's, and that name, which
		 * Clerk gave someone else next, never moved.
		 */
		@Test
		void aUsernameKeptBecauseTheNewOneWasHeldStillMovesWhenClerkGivesItAway() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_holder")
				.email("holder@example.com")
				.username("x")
				.updatedAt(T1)
				.toJsonNode()));
			synchronizer.upsertFromClerk(Resources.user(
					ClerkData.user("user_local").email("local@example.com").username(null).updatedAt(T1).toJsonNode()));
			jdbc.update("update clerk_users set username = 'y' where clerk_id = 'user_local'");
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_holder")
				.email("holder@example.com")
				.username("y")
				.updatedAt(T2)
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_holder").orElseThrow().getUsername()).isEqualTo("x");
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_new").email("new@example.com").username("x").updatedAt(T3).toJsonNode()));
			assertThat(repository.findByClerkId("user_new").orElseThrow().getUsername()).isEqualTo("x");
			assertThat(repository.findByClerkId("user_holder").orElseThrow().getUsername()).isNull();
			assertThat(repository.findByClerkId("user_local").orElseThrow().getUsername()).isEqualTo("y");
		}

		/**
		 * Review of ee5a3f9: freeing a username on another user's row takes no lock of
		 * that user, and a transaction that held the row (a webhook handler that hangs)
		 * was waited for without end. It is waited for at most the lock timeout.
		 */
		@Test
		void aHandoverWaitsForTheHoldersRowAtMostTheLockTimeout() throws Exception {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_old_holder")
				.email("holder@example.com")
				.username("ada")
				.updatedAt(T1)
				.toJsonNode()));
			AdvisoryLocks locks = context.getBean(AdvisoryLocks.class);
			Duration lockTimeout = locks.getLockTimeout();
			locks.setLockTimeout(Duration.ofMillis(200));
			try (Connection holder = context.getBean(DataSource.class).getConnection()) {
				holder.setAutoCommit(false);
				try (Statement statement = holder.createStatement()) {
					statement.execute("select id from clerk_users where clerk_id = 'user_old_holder' for update");
				}
				assertTimeoutPreemptively(Duration.ofSeconds(30),
						() -> assertThatThrownBy(
								() -> synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_new_holder")
									.email("taker@example.com")
									.username("ada")
									.updatedAt(T3)
									.toJsonNode())))
							.as("held by another writer, as a webhook, a sync or a first sign-in tell it")
							.matches(Outages::isLockNotAvailable));
				holder.rollback();
			}
			finally {
				locks.setLockTimeout(lockTimeout);
			}
			assertThat(repository.findByClerkId("user_old_holder").orElseThrow().getUsername()).isEqualTo("ada");
		}

		@Test
		void refusesMalformedJsonAndStoresNothing() {
			JsonMapper json = JsonMapper.shared();
			assertThatExceptionOfType(MalformedClerkDataException.class)
				.isThrownBy(() -> synchronizer.upsertFromClerk(Resources.user(json.readTree("[1, 2]"))));
			assertThatExceptionOfType(MalformedClerkDataException.class).isThrownBy(
					() -> synchronizer.upsertFromClerk(Resources.user(json.readTree("{\"first_name\": \"no id\"}"))))
				.withMessageContaining("id");
			assertThatExceptionOfType(MalformedClerkDataException.class)
				.isThrownBy(() -> synchronizer
					.upsertFromClerk(Resources.user(json.readTree("{\"id\": \"user_x\", \"email_addresses\": 7}"))))
				.withMessageContaining("user_x");
			assertThat(repository.count()).isZero();
		}

		@Test
		void makesOverLongCosmeticValuesFitSoThatTheRestApplies() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_long")
				.email("l@example.com")
				.name("x".repeat(300), "Lovelace")
				.username("u".repeat(200))
				.imageUrl("https://img.example/" + "i".repeat(3000))
				.updatedAt(T2)
				.toJsonNode()));
			ClerkUser user = repository.findByClerkId("user_long").orElseThrow();
			assertThat(user.getFirstName()).as("a name is cut").isEqualTo("x".repeat(255));
			assertThat(user.getLastName()).isEqualTo("Lovelace");
			assertThat(user.getUsername()).as("a cut username would be another one").isNull();
			assertThat(user.getImageUrl()).as("a cut URL would be another one").isNull();
			assertThat(user.getEmail()).isEqualTo("l@example.com");
		}

		/**
		 * An address that is not one is left out, and the log says so without the address
		 * (logs carry no email addresses).
		 */
		@Test
		@ExtendWith(OutputCaptureExtension.class)
		void anAddressThatIsNotOneIsLeftOutAndNotLogged(CapturedOutput output) {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_spaced")
				.email("ada lovelace@example.com", true, true)
				.email("ada@example.com", true, false)
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_spaced").orElseThrow().getEmail()).isEqualTo("ada@example.com");
			assertThat(output).contains("user_spaced").doesNotContain("lovelace@example.com");
		}

		/**
		 * Clerk keeps an address it has not verified when an instance does not verify at
		 * sign-up; it may be the primary one. Stored as the local unique email it would
		 * block the account of the address's verified owner.
		 */
		@Test
		void anUnverifiedPrimaryAddressIsNeverTheLocalEmail() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_squatter")
				.email("owner@example.com", false, true)
				.email("squatter@example.com", true, false)
				.toJsonNode()));
			assertThat(repository.findByClerkId("user_squatter").orElseThrow().getEmail())
				.isEqualTo("squatter@example.com");
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_unverified").email("owner@example.com", false, true).toJsonNode()));
			assertThat(repository.findByClerkId("user_unverified").orElseThrow().getEmail()).isNull();
			synchronizer
				.upsertFromClerk(Resources.user(ClerkData.user("user_owner").email("owner@example.com").toJsonNode()));
			assertThat(repository.findByClerkId("user_owner").orElseThrow().getEmail())
				.as("the verified owner gets the address")
				.isEqualTo("owner@example.com");
		}

		/**
		 * A user whose verified address Clerk no longer lists (removed, leaving only an
		 * unverified one) no longer has it locally: rules that decide by address must not
		 * go on granting what Clerk took away, and the address is free for its next
		 * verified owner.
		 */
		@Test
		void aUserLeftWithoutAVerifiedAddressHasNoLocalEmail() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_left").email("left@corp.example").updatedAt(T1).toJsonNode()));
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_left").email("left@gmail.example", false, true).updatedAt(T2).toJsonNode()));
			assertThat(repository.findByClerkId("user_left").orElseThrow().getEmail()).isNull();
			assertThat(users.findByEmail("left@corp.example")).isEmpty();
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_next").email("left@corp.example").updatedAt(T3).toJsonNode()));
			assertThat(repository.findByClerkId("user_next").orElseThrow().getEmail()).isEqualTo("left@corp.example");
		}

		/**
		 * In one batch (a sync page), a user who lost the address and the user who has it
		 * now are both stored, in either order, in one transaction.
		 */
		@Test
		void anAddressLeftByOneUserIsTakenByAnotherInTheSameBatch() {
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_leaving").email("moving@corp.example").updatedAt(T1).toJsonNode()));
			var results = synchronizer.upsertAllFromClerk(List.of(
					Resources.user(ClerkData.user("user_leaving")
						.email("leaving@gmail.example", false, true)
						.updatedAt(T2)
						.toJsonNode()),
					Resources.user(
							ClerkData.user("user_arriving").email("moving@corp.example").updatedAt(T2).toJsonNode())));
			assertThat(results).extracting(SyncResult::outcome).containsExactly(Outcome.UPDATED, Outcome.CREATED);
			assertThat(repository.findByClerkId("user_leaving").orElseThrow().getEmail()).isNull();
			assertThat(repository.findByClerkId("user_arriving").orElseThrow().getEmail())
				.isEqualTo("moving@corp.example");
		}

		/**
		 * Clerk locks a user out for a while after too many failed sign-in attempts
		 * ({@code locked} with {@code lockout_expires_in_seconds}); the lockout ends by
		 * itself, and no webhook says so. A ban, or a lockout without an end, makes the
		 * user inactive until Clerk changes the user.
		 */
		@Test
		void aLockoutForAWhileEndsByItselfAndABanStays() {
			Instant before = Instant.now();
			ClerkUser locked = synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_locked")
				.email("locked@example.com")
				.lockedFor(Duration.ofMinutes(30))
				.toJsonNode())).requiredValue();
			assertThat(locked.isActive()).isTrue();
			assertThat(locked.getLockedUntil()).isBetween(before.plus(Duration.ofMinutes(30)),
					Instant.now().plus(Duration.ofMinutes(30)));
			assertThat(locked.isLockedAt(Instant.now())).isTrue();
			assertThat(locked.isLockedAt(Instant.now().plus(Duration.ofMinutes(31)))).isFalse();
			ClerkUser forGood = synchronizer
				.upsertFromClerk(Resources
					.user(ClerkData.user("user_locked_for_good").email("lfg@example.com").locked(true).toJsonNode()))
				.requiredValue();
			assertThat(forGood.isActive()).isFalse();
			ClerkUser banned = synchronizer
				.upsertFromClerk(Resources
					.user(ClerkData.user("user_banned").email("banned@example.com").banned(true).toJsonNode()))
				.requiredValue();
			assertThat(banned.isActive()).isFalse();
			assertThat(banned.getLockedUntil()).isNull();
		}

	}

	@Nested
	class Deactivate {

		@Test
		void isASoftDeleteWithATombstoneThatALateUpdateCannotUndo() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_del").email("d@example.com").updatedAt(T1).toJsonNode()));
			ClerkUser deleted = synchronizer.deactivate("user_del", T2);
			assertThat(deleted.isActive()).isFalse();
			assertThat(deleted.getDeletedAt()).isEqualTo(T2);
			var late = synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_del").email("d@example.com").updatedAt(T2.plusSeconds(5)).toJsonNode()));
			assertThat(late.outcome()).isEqualTo(Outcome.IGNORED_DELETED);
			ClerkUser stored = repository.findByClerkId("user_del").orElseThrow();
			assertThat(stored.isActive()).isFalse();
			assertThat(stored.getEmail()).isEqualTo("d@example.com");
		}

		@Test
		void aDeletionArrivingBeforeTheCreationLeavesATombstone() {
			synchronizer.deactivate("user_early", T2);
			var created = synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_early").email("e@example.com").updatedAt(T1).toJsonNode()));
			assertThat(created.outcome()).isEqualTo(Outcome.IGNORED_DELETED);
			assertThat(repository.findByClerkId("user_early").orElseThrow().isActive()).isFalse();
		}

	}

	@Nested
	class Sessions {

		@Test
		void recordsLoginAndLogoutKeepingTheLatest() {
			synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_s").email("s@example.com").toJsonNode()));
			synchronizer.recordLogin("user_s", T2);
			synchronizer.recordLogin("user_s", T1);
			synchronizer.recordLogout("user_s", T2);
			ClerkUser user = repository.findByClerkId("user_s").orElseThrow();
			assertThat(user.getLastLogin()).isEqualTo(T2);
			assertThat(user.getLastLogout()).isEqualTo(T2);
		}

		@Test
		void aSignInOfAUserNotStoredStoresItsPlaceholderWithTheTime() {
			assertThat(synchronizer.recordLogin("user_unknown", T1).getLastLogin()).isEqualTo(T1);
			assertThat(synchronizer.recordLogout("user_unknown_out", T2).getLastLogout()).isEqualTo(T2);
			assertThat(repository.findByClerkId("user_unknown")).hasValueSatisfying((user) -> {
				assertThat(user.isSyncPending()).isTrue();
				assertThat(user.getLastLogin()).isEqualTo(T1);
			});
			assertThat(repository.findByClerkId("user_unknown_out")).hasValueSatisfying((user) -> {
				assertThat(user.isSyncPending()).isTrue();
				assertThat(user.getLastLogout()).isEqualTo(T2);
			});
		}

	}

	@Nested
	class Cache {

		@Test
		void aWriteInvalidatesTheCachedUser() {
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_c").email("c@example.com").name("Before", null).updatedAt(T1).toJsonNode()));
			assertThat(users.findCachedByClerkId("user_c")).get()
				.extracting(ClerkUser::getFirstName)
				.isEqualTo("Before");
			synchronizer.upsertFromClerk(Resources
				.user(ClerkData.user("user_c").email("c@example.com").name("After", null).updatedAt(T2).toJsonNode()));
			assertThat(users.findCachedByClerkId("user_c")).get()
				.extracting(ClerkUser::getFirstName)
				.isEqualTo("After");
		}

		/**
		 * A request reads the user just before a ban commits; the ban's transaction then
		 * evicts the user; then the request would cache what it read. The copy read
		 * before the ban must not outlive it.
		 */
		@Test
		void aReadOverlappedByABanIsNotKeptInTheCache() {
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_race").email("race@example.com").updatedAt(T1).toJsonNode()));
			ClerkUserRepository readThenBan = (ClerkUserRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { ClerkUserRepository.class }, (proxy, method, args) -> {
						Object result = method.invoke(repository, args);
						if (method.getName().equals("findByClerkId")) {
							synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_race")
								.email("race@example.com")
								.banned(true)
								.updatedAt(T2)
								.toJsonNode()));
						}
						return result;
					});
			ClerkUserCache cache = context.getBean(ClerkUserCache.class);
			ClerkUserService racing = new ClerkUserService(readThenBan, cache);
			assertThat(racing.findCachedByClerkId("user_race")).get()
				.as("the request itself saw the user as it was when it read")
				.extracting(ClerkUser::isActive)
				.isEqualTo(true);
			assertThat(users.findCachedByClerkId("user_race")).get()
				.as("the next request sees the ban")
				.extracting(ClerkUser::isActive)
				.isEqualTo(false);
		}

		/**
		 * A user read through the cache inside a transaction is the very object that
		 * transaction's writes change before they commit: kept, it would be served to
		 * every request with rights not committed yet (and never committed, if the write
		 * rolls back).
		 */
		@Test
		void aUserReadInsideAWritingTransactionIsNotServedWithItsUncommittedRights() throws Exception {
			ClerkUser user = stored("user_tx");
			whileAWriteWaitsForTheRow("user_tx",
					() -> new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
						.execute((status) -> {
							users.findCachedByClerkId("user_tx");
							return accounts.setRoles(user.getUid(), true, true);
						}));
			assertThat(users.findCachedByClerkId("user_tx")).get()
				.as("the rights committed since")
				.extracting(ClerkUser::isSuperuser)
				.isEqualTo(true);
		}

		/**
		 * Open-in-view keeps a persistence context open for the request, outside its
		 * transactions: a user read through the cache there would be the object that the
		 * same request's next write changes before it commits.
		 */
		@Test
		void aUserReadInAnOpenInViewPersistenceContextIsNotTheObjectItsWritesChange() throws Exception {
			ClerkUser user = stored("user_osiv");
			whileAWriteWaitsForTheRow("user_osiv", () -> inOpenInView(() -> {
				users.findCachedByClerkId("user_osiv");
				return new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
					.execute((status) -> accounts.setRoles(user.getUid(), true, true));
			}));
			assertThat(users.findCachedByClerkId("user_osiv")).get()
				.as("the rights committed since")
				.extracting(ClerkUser::isSuperuser)
				.isEqualTo(true);
		}

		/**
		 * Black-box run 263: a request whose open-in-view persistence context had read
		 * the user before a ban committed got that copy back from the cached finder
		 * (Hibernate answers a query with the object it holds), and the cache kept it,
		 * after the ban's eviction: the banned user was let in until the time to live
		 * ended. Nothing read in a persistence context that outlives the read is kept.
		 */
		@Test
		void aUserReadBeforeABanInAnOpenInViewPersistenceContextIsNotKeptAfterIt() throws Exception {
			stored("user_osiv_ban");
			ExecutorService webhook = Executors.newSingleThreadExecutor();
			try {
				inOpenInView(() -> {
					assertThat(repository.findByClerkId("user_osiv_ban")).get()
						.extracting(ClerkUser::isActive)
						.isEqualTo(true);
					webhook.submit(() -> synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_osiv_ban")
						.email("user_osiv_ban@example.com")
						.banned(true)
						.updatedAt(T2)
						.toJsonNode()))).get(30, TimeUnit.SECONDS);
					return users.findCachedByClerkId("user_osiv_ban");
				});
			}
			finally {
				webhook.shutdownNow();
			}
			assertThat(users.findCachedByClerkId("user_osiv_ban")).get()
				.as("the next request")
				.extracting(ClerkUser::isActive)
				.isEqualTo(false);
		}

		/**
		 * Runs work as a request of Spring MVC with open-in-view on does: in a
		 * persistence context bound to the thread outside any transaction.
		 */
		private <T> T inOpenInView(Callable<T> work) throws Exception {
			EntityManagerFactory entityManagerFactory = context.getBean(EntityManagerFactory.class);
			EntityManager openInView = entityManagerFactory.createEntityManager();
			TransactionSynchronizationManager.bindResource(entityManagerFactory, new EntityManagerHolder(openInView));
			try {
				return work.call();
			}
			finally {
				TransactionSynchronizationManager.unbindResource(entityManagerFactory);
				openInView.close();
			}
		}

		private ClerkUser stored(String clerkId) {
			return synchronizer
				.upsertFromClerk(Resources
					.user(ClerkData.user(clerkId).email(clerkId + "@example.com").updatedAt(T1).toJsonNode()))
				.requiredValue();
		}

		/**
		 * Runs a write while another transaction holds the user's row, so that the
		 * write's update waits; meanwhile, the user is read through the cache as another
		 * request would, and must be as committed. The row is then let go and the write
		 * commits.
		 */
		private void whileAWriteWaitsForTheRow(String clerkId, Callable<?> write) throws Exception {
			LockWaits.whileWaiting(context.getBean(PlatformTransactionManager.class), jdbc,
					() -> jdbc.queryForList("select id from clerk_users where clerk_id = ? for update", clerkId), write,
					() -> assertThat(users.findCachedByClerkId(clerkId)).get()
						.as("read while the write waits for the row")
						.extracting(ClerkUser::isSuperuser)
						.isEqualTo(false));
		}

		@Test
		void deactivationIsSeenThroughTheCache() {
			synchronizer
				.upsertFromClerk(Resources.user(ClerkData.user("user_cd").email("cd@example.com").toJsonNode()));
			assertThat(users.findCachedByClerkId("user_cd")).get().extracting(ClerkUser::isActive).isEqualTo(true);
			synchronizer.deactivate("user_cd");
			assertThat(users.findCachedByClerkId("user_cd")).get().extracting(ClerkUser::isActive).isEqualTo(false);
		}

	}

	/**
	 * A local account's change ({@code ClerkUserAccounts}) and Clerk's data for the same
	 * user, committed one while the other waits for the row: each keeps what the other
	 * wrote, since each writes only what it changed.
	 */
	@Nested
	class AccountChangesBesideClerksData {

		@Test
		void aStaffRevocationCommittedWhileClerksDataWaitsForTheRowIsKept() throws Exception {
			ClerkUser staff = linkedUser("user_revoked", "revoked@example.com");
			accounts.setRoles(staff.getUid(), true, false);
			whileCommitting(() -> accounts.setRoles(staff.getUid(), false, false),
					() -> synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_revoked")
						.email("revoked@example.com")
						.name("Renamed", null)
						.updatedAt(T2)
						.toJsonNode())));
			ClerkUser after = repository.findByUid(staff.getUid()).orElseThrow();
			assertThat(after.isStaff()).as("the revocation").isFalse();
			assertThat(after.getFirstName()).as("Clerk's data").isEqualTo("Renamed");
		}

		@Test
		void aBanCommittedWhileAPasswordChangeWaitsForTheRowIsKept() throws Exception {
			ClerkUser user = linkedUser("user_banned_now", "banned-now@example.com");
			whileCommitting(() -> synchronizer.upsertFromClerk(Resources.user(ClerkData.user("user_banned_now")
				.email("banned-now@example.com")
				.banned(true)
				.updatedAt(T2)
				.toJsonNode())), () -> accounts.setPassword(user.getUid(), "a-new-password-1"));
			ClerkUser after = repository.findByUid(user.getUid()).orElseThrow();
			assertThat(after.isActive()).as("the ban").isFalse();
			assertThat(passwordEncoder.matches("a-new-password-1", after.getPassword())).as("the password").isTrue();
		}

		/**
		 * Black-box run 245: a password or a right given while Clerk's deletion of the
		 * user was being written was read as the row stood before it, and written after
		 * it: the deleted user kept a password and staff rights, which the deletion takes
		 * for good. An account change waits for the user's lock, as Clerk's data does,
		 * and then reads the row.
		 */
		@Test
		void aPasswordOrRightGivenWhileTheDeletionIsWrittenIsRefused() throws Exception {
			ClerkUser user = linkedUser("user_deleted_now", "deleted-now@example.com");
			assertThatException()
				.isThrownBy(() -> whileCommitting(() -> synchronizer.deleteFromClerk("user_deleted_now", T2),
						() -> accounts.setPassword(user.getUid(), "a-new-password-1")))
				.withRootCauseInstanceOf(InvalidUserException.class);
			ClerkUser other = linkedUser("user_deleted_too", "deleted-too@example.com");
			assertThatException()
				.isThrownBy(() -> whileCommitting(() -> synchronizer.deleteFromClerk("user_deleted_too", T2),
						() -> accounts.setRoles(other.getUid(), true, false)))
				.withRootCauseInstanceOf(InvalidUserException.class);
			assertThat(repository.findByUid(user.getUid()).orElseThrow().hasPassword()).isFalse();
			assertThat(repository.findByUid(other.getUid()).orElseThrow().isStaff()).isFalse();
		}

		/**
		 * Black-box run 245: Clerk's deletion that read the row before a password change
		 * committed wrote only what it changed, and the password it had not seen stayed.
		 */
		@Test
		void aDeletionWrittenAfterAPasswordChangeTakesThePassword() throws Exception {
			ClerkUser user = linkedUser("user_deleted_after", "deleted-after@example.com");
			accounts.setRoles(user.getUid(), true, false);
			whileCommitting(() -> accounts.setPassword(user.getUid(), "a-new-password-1"),
					() -> synchronizer.deleteFromClerk("user_deleted_after", T2));
			ClerkUser after = repository.findByUid(user.getUid()).orElseThrow();
			assertThat(after.isDeleted()).isTrue();
			assertThat(after.hasPassword()).as("the password").isFalse();
			assertThat(after.isStaff()).as("the right").isFalse();
		}

		private ClerkUser linkedUser(String clerkId, String email) {
			return synchronizer
				.upsertFromClerk(Resources.user(ClerkData.user(clerkId).email(email).updatedAt(T1).toJsonNode()))
				.requiredValue();
		}

		/**
		 * Runs {@code first} in a transaction that stays open until {@code second}, run
		 * beside it, waits for a lock in PostgreSQL; then commits it, and waits for
		 * {@code second}.
		 */
		private void whileCommitting(Runnable first, Runnable second) throws Exception {
			LockWaits.whileCommitting(context.getBean(PlatformTransactionManager.class), jdbc, first, () -> {
				second.run();
				return null;
			});
		}

	}

	/**
	 * A synchronizer that generates a username ({@code member_…}) for a new user without
	 * one.
	 */
	private ClerkUserSynchronizer generatingUsernames() {
		return new ClerkUserSynchronizer(repository, context.getBean(ClerkUserCache.class),
				context.getBean(AdvisoryLocks.class),
				SharedEntityManagerCreator.createSharedEntityManager(context.getBean(EntityManagerFactory.class)),
				new UsernamePolicy(true, "member"), Clock.systemUTC());
	}

	/**
	 * The library batches its own statements only: a caller's transaction keeps its JDBC
	 * batch size after a write of users, so that the caller's later statements are not
	 * batched behind its back (whose failure JDBC reports, and logs, with the values of
	 * the batch's rows).
	 */
	@Test
	void aCallersTransactionKeepsItsJdbcBatchSizeAfterAWriteOfUsers() {
		EntityManager entityManager = SharedEntityManagerCreator
			.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		transaction.executeWithoutResult((status) -> {
			Session session = entityManager.unwrap(Session.class);
			Integer callers = session.getJdbcBatchSize();
			synchronizer.upsertFromClerk(
					Resources.user(ClerkData.user("user_batch_size").email("batch-size@example.com").toJsonNode()));
			assertThat(session.getJdbcBatchSize()).isEqualTo(callers);
		});
		assertThat(repository.findByClerkId("user_batch_size")).isPresent();
	}

	@Test
	void appOrdersMayReferToUsers() {
		ClerkUser user = accounts.createUser("orders@example.com", null, null);
		jdbc.update("insert into app_orders (reference, customer_id) values ('A-1', ?)", user.getId());
		assertThat(jdbc.queryForList("select reference from app_orders", String.class)).isEqualTo(List.of("A-1"));
	}

}
