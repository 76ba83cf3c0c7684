package dev.clerkusers.test.security;

import java.time.Instant;
import java.util.Map;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.autoconfigure.ClerkUsersAutoConfiguration;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkUserBuilder;
import dev.clerkusers.test.token.SessionTokenBuilder;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.InvalidUserException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContextFactory;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.ClassUtils;

/**
 * Builds the security context of {@link WithClerkUser @WithClerkUser} with the
 * application's beans.
 */
final class WithClerkUserSecurityContextFactory implements WithSecurityContextFactory<WithClerkUser> {

	/** The default of {@link WithClerkUser#organizationRole()}. */
	private static final String DEFAULT_ROLE = "org:member";

	private final @Nullable ClerkUserService users;

	private final @Nullable ClerkUserSynchronizer synchronizer;

	private final @Nullable ClerkUserAccounts accounts;

	private final ClerkAuthoritiesMapper authoritiesMapper;

	private final boolean usersTableLeftOut;

	private final boolean usersTablePossible;

	WithClerkUserSecurityContextFactory(ObjectProvider<ClerkUserService> users,
			ObjectProvider<ClerkUserSynchronizer> synchronizer, ObjectProvider<ClerkUserAccounts> accounts,
			ObjectProvider<ClerkAuthoritiesMapper> authoritiesMapper, BeanFactory beanFactory) {
		this.users = users.getIfAvailable();
		this.synchronizer = synchronizer.getIfAvailable();
		this.accounts = accounts.getIfAvailable();
		this.authoritiesMapper = authoritiesMapper.getIfAvailable(DefaultClerkAuthoritiesMapper::new);
		this.usersTableLeftOut = this.users == null && isUsersTableLeftOut(beanFactory);
		this.usersTablePossible = isUsersTablePossible((beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : getClass().getClassLoader());
	}

	/**
	 * Whether the application's class path can give it the users table: JPA, and a
	 * connection pool from which Spring Boot builds the {@code DataSource} (the starter
	 * brings HikariCP). An application that left the starter's JPA and JDBC out has none,
	 * even with the organizations module bringing JPA, so its slice gets the session
	 * claims, as its requests do.
	 */
	private static boolean isUsersTablePossible(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent("jakarta.persistence.Entity", classLoader)
				&& ClassUtils.isPresent("org.springframework.boot.jdbc.DataSourceBuilder", classLoader)
				&& ConnectionPools.present(classLoader);
	}

	/**
	 * Whether the application was built without the users table: its auto-configuration
	 * was considered and did not apply (no {@code DataSource}, or excluded). JPA may be
	 * on the class path all the same (the organizations module brings it). A slice does
	 * not consider it at all, and gets the annotation's user unstored.
	 */
	private static boolean isUsersTableLeftOut(BeanFactory beanFactory) {
		ConditionEvaluationReport report = ConditionEvaluationReport.find(beanFactory);
		if (report == null) {
			return false;
		}
		String usersTable = ClerkUsersAutoConfiguration.class.getName();
		ConditionEvaluationReport.ConditionAndOutcomes outcomes = report.getConditionAndOutcomesBySource()
			.get(usersTable);
		return report.getExclusions().contains(usersTable) || (outcomes != null && !outcomes.isFullMatch());
	}

	@Override
	public SecurityContext createSecurityContext(WithClerkUser annotation) {
		String userId = annotation.value();
		requireOrganizationId(annotation);
		ClerkUser user = (this.users != null && this.synchronizer != null && this.accounts != null)
				? storedUser(annotation, this.users, this.synchronizer, this.accounts)
				: ((this.usersTablePossible && !this.usersTableLeftOut) ? unsavedUser(annotation) : null);
		return context(annotation, userId, user, Instant.now());
	}

	/**
	 * The user of the annotation in the users table, stored when missing, with the
	 * annotation's email and rights (also when a user stored before has others: the kit's
	 * data with the email, newer than the stored user's, replaces it, names and metadata
	 * included). An email that another Clerk user's row holds (a test before stored it)
	 * moves to this user, as the kit's data is also newer than that row's. A new user
	 * whose email a local account has is linked to it, as a Clerk user is. Where the
	 * email cannot be stored (a stored user's own email that a local account has), the
	 * set-up fails rather than run the test with a user without it.
	 */
	private static ClerkUser storedUser(WithClerkUser annotation, ClerkUserService users,
			ClerkUserSynchronizer synchronizer, ClerkUserAccounts accounts) {
		String userId = annotation.value();
		String email = annotation.email();
		ClerkUser user = users.findByClerkId(userId).orElse(null);
		if (user == null || (!email.isEmpty() && !email.equalsIgnoreCase(user.getEmail()))) {
			ClerkUserBuilder data = ClerkData.user(userId);
			Instant newerThan = (user != null) ? user.getClerkUpdatedAt() : null;
			if (!email.isEmpty()) {
				data.email(email);
				ClerkUser holder = users.findByEmail(email).orElse(null);
				if (holder != null && holder.getClerkId() != null && !userId.equals(holder.getClerkId())) {
					newerThan = later(newerThan, holder.getClerkUpdatedAt());
				}
			}
			if (newerThan != null && !data.updatedAt().isAfter(newerThan)) {
				data.updatedAt(newerThan.plusMillis(1));
			}
			user = synchronizer.upsertFromClerk(ClerkResource.read(data.toJsonNode(), UserResource.class))
				.requiredValue();
			if (!email.isEmpty() && !email.equalsIgnoreCase(user.getEmail())) {
				ClerkUser holder = users.findByEmail(email).orElse(null);
				if (holder == null) {
					throw notAnAddress(userId, email);
				}
				String holderName = (holder.getClerkId() != null) ? "Clerk user " + holder.getClerkId()
						: "local account " + holder.getUid();
				throw new IllegalStateException("@WithClerkUser(\"" + userId + "\") could not give its user the email "
						+ email + ", which " + holderName + " has (Clerk data never takes a local account's address;"
						+ " only a new Clerk user is linked to it): give the annotation another email");
			}
		}
		requireSignInAllowed(user);
		boolean staff = annotation.staff() || annotation.superuser();
		if (user.isStaff() != staff || user.isSuperuser() != annotation.superuser()) {
			user = accounts.setRoles(user.getUid(), staff, annotation.superuser());
		}
		return user;
	}

	/**
	 * A stored user that a request with its token could not sign in as (deleted, banned
	 * or locked out in Clerk, or deactivated by a reconcile) fails the set-up: the
	 * annotation puts in the security context what such a request would get, and it gets
	 * a refusal. A test of that refusal sends a token of the user instead.
	 */
	private static void requireSignInAllowed(ClerkUser user) {
		String why = user.isDeleted() ? "was deleted in Clerk" : !user.isActive() ? "is inactive (banned in Clerk, say)"
				: user.isLockedAt(Instant.now()) ? "is locked out until " + user.getLockedUntil() : null;
		if (why != null) {
			String reason = user.isActive() ? "user-locked" : "user-inactive";
			throw new IllegalStateException("@WithClerkUser(\"" + user.getClerkId() + "\") names a user that " + why
					+ ", so a request with its token is refused 401 " + reason + ": test that refusal with a token"
					+ " of the user (ClerkTestTokens, SessionTokenBuilder), or give the annotation another user");
		}
	}

	/**
	 * A role, slug or permissions describe the active organization, so they come with its
	 * id: without it they would be dropped and the test run without the organization it
	 * describes; and an organization comes with a role.
	 */
	private static void requireOrganizationId(WithClerkUser annotation) {
		if (annotation.organizationId().isEmpty()
				&& (!annotation.organizationSlug().isEmpty() || !annotation.organizationRole().equals(DEFAULT_ROLE)
						|| annotation.organizationPermissions().length > 0)) {
			throw new IllegalStateException("@WithClerkUser(\"" + annotation.value()
					+ "\") sets the active organization's role, slug or permissions without its id:"
					+ " set organizationId too");
		}
		if (!annotation.organizationId().isEmpty()
				&& ClerkOrganizationClaims.normalizeRole(annotation.organizationRole()) == null) {
			// Clerk gives every member a role; blank, or the prefix alone, is none.
			throw new IllegalStateException("@WithClerkUser(\"" + annotation.value()
					+ "\") gives the active organization no role (organizationRole is '" + annotation.organizationRole()
					+ "'): set organizationRole to a role key such as org:admin");
		}
	}

	private static @Nullable Instant later(@Nullable Instant first, @Nullable Instant second) {
		if (first == null || (second != null && second.isAfter(first))) {
			return second;
		}
		return first;
	}

	/**
	 * The user of the annotation, not stored: for a {@code @WebMvcTest} slice of an
	 * application that has the users table, so that {@code @CurrentClerkUser} resolves as
	 * it does in the application, with its email as storing would take it (an email that
	 * is no address fails the set-up, as it does where the user is stored).
	 */
	private static ClerkUser unsavedUser(WithClerkUser annotation) {
		String email = null;
		if (!annotation.email().isEmpty()) {
			try {
				email = ClerkUser.normalizeEmail(annotation.email());
			}
			catch (InvalidUserException ex) {
				throw notAnAddress(annotation.value(), annotation.email());
			}
		}
		ClerkUser user = BeanUtils.instantiateClass(ClerkUser.class);
		ReflectionTestUtils.setField(user, "clerkId", annotation.value());
		ReflectionTestUtils.setField(user, "email", email);
		ReflectionTestUtils.setField(user, "staff", annotation.staff() || annotation.superuser());
		ReflectionTestUtils.setField(user, "superuser", annotation.superuser());
		return user;
	}

	private static IllegalStateException notAnAddress(String userId, String email) {
		return new IllegalStateException("@WithClerkUser(\"" + userId + "\") could not give its user the email '"
				+ email + "': it is not an email address, or is longer than " + ClerkUser.MAX_EMAIL_LENGTH
				+ " characters, and the library leaves such an address out of a user, as it does"
				+ " Clerk's: give the annotation an email address");
	}

	/**
	 * Spring Boot's own list of connection pools, in a class of its own so that the
	 * factory loads without {@code spring-boot-jdbc}.
	 */
	private static final class ConnectionPools {

		static boolean present(@Nullable ClassLoader classLoader) {
			return DataSourceBuilder.findType(classLoader) != null;
		}

	}

	private SecurityContext context(WithClerkUser annotation, String userId, @Nullable ClerkUser user, Instant now) {
		// The claims of the kit's default token (version 2, with fva, jti, sts and pla),
		// as a request with a token gets them.
		SessionTokenBuilder token = SessionTokenBuilder.claimsOnly(userId)
			.sessionId("sess_with_clerk_user")
			.issuedAt(now);
		if (!annotation.organizationId().isEmpty()) {
			token.organization(annotation.organizationId(), annotation.organizationSlug(),
					annotation.organizationRole(), annotation.organizationPermissions());
		}
		Map<String, Object> claims = token.claims();
		ClerkSessionClaims sessionClaims = ClerkSessionClaims.fromClaims(claims);
		ClerkOrganizationClaims organization = sessionClaims.organization().orElse(null);
		ClerkAuthenticationToken authentication = ClerkAuthenticationToken.of(user, sessionClaims, organization,
				this.authoritiesMapper, now);
		SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
		context.setAuthentication(authentication);
		return context;
	}

}
