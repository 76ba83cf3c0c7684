package dev.clerkusers.test.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkUserBuilder;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Builds the security context of {@link WithClerkUser @WithClerkUser} with the
 * application's beans.
 */
final class WithClerkUserSecurityContextFactory implements WithSecurityContextFactory<WithClerkUser> {

	private final ClerkUserService users;

	private final ClerkAuthoritiesMapper authoritiesMapper;

	WithClerkUserSecurityContextFactory(ClerkUserService users, ClerkAuthoritiesMapper authoritiesMapper) {
		this.users = users;
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
			return this.users.upsertFromClerk(data.toJsonNode()).user();
		});
		if (annotation.staff() || annotation.superuser()) {
			user = this.users.setRoles(user.getUid(), annotation.staff() || annotation.superuser(),
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
