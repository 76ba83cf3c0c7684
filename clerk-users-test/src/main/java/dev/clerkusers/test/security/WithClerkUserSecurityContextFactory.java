package dev.clerkusers.test.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.api.UserResource;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkUserBuilder;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Builds the security context of {@link WithClerkUser @WithClerkUser} with the
 * application's beans.
 */
final class WithClerkUserSecurityContextFactory implements WithSecurityContextFactory<WithClerkUser> {

	private final ClerkUserService users;

	private final ClerkUserSynchronizer synchronizer;

	private final ClerkUserAccounts accounts;

	private final ClerkAuthoritiesMapper authoritiesMapper;

	WithClerkUserSecurityContextFactory(ClerkUserService users, ClerkUserSynchronizer synchronizer,
			ClerkUserAccounts accounts, ClerkAuthoritiesMapper authoritiesMapper) {
		this.users = users;
		this.synchronizer = synchronizer;
		this.accounts = accounts;
		this.authoritiesMapper = authoritiesMapper;
	}

	@Override
	public SecurityContext createSecurityContext(WithClerkUser annotation) {
		String userId = annotation.value();
		ClerkUser user = this.users.findByClerkId(userId).orElseGet(() -> {
			ClerkUserBuilder data = ClerkData.user(userId);
			if (!annotation.email().isEmpty()) {
				data.email(annotation.email());
			}
			return this.synchronizer
				.upsertFromClerk(JsonMapper.shared().treeToValue(data.toJsonNode(), UserResource.class))
				.requiredValue();
		});
		if (annotation.staff() || annotation.superuser()) {
			user = this.accounts.setRoles(user.getUid(), annotation.staff() || annotation.superuser(),
					annotation.superuser());
		}
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", userId);
		claims.put("sid", "sess_with_clerk_user");
		claims.put("iss", ClerkTestTokens.DEFAULT_ISSUER);
		claims.put("azp", ClerkTestTokens.DEFAULT_AUTHORIZED_PARTY);
		claims.put("iat", now.getEpochSecond());
		claims.put("nbf", now.getEpochSecond() - 10);
		claims.put("exp", now.getEpochSecond() + 60);
		if (!annotation.organizationId().isEmpty()) {
			claims.put("org_id", annotation.organizationId());
			claims.put("org_slug", annotation.organizationSlug().isEmpty() ? null : annotation.organizationSlug());
			claims.put("org_role", annotation.organizationRole());
			claims.put("org_permissions", Arrays.asList(annotation.organizationPermissions()));
		}
		ClerkSessionClaims sessionClaims = ClerkSessionClaims.fromClaims(claims);
		ClerkOrganizationClaims organization = sessionClaims.organization().orElse(null);
		ClerkAuthenticationToken authentication = ClerkAuthenticationToken.of(user, sessionClaims, organization,
				this.authoritiesMapper, now);
		SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
		context.setAuthentication(authentication);
		return context;
	}

}
