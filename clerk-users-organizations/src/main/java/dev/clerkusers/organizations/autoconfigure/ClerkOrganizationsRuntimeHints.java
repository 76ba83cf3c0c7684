package dev.clerkusers.organizations.autoconfigure;

import java.util.List;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationInvitation;
import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.organizations.api.OrganizationInvitationResource;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.api.OrganizationResource;
import dev.clerkusers.organizations.api.PublicUserDataResource;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints of the organizations module: its schema scripts, JSON-bound resources and
 * entities.
 */
class ClerkOrganizationsRuntimeHints implements RuntimeHintsRegistrar {

	/** The JSON-bound resources of the Backend API and webhooks. */
	static final List<Class<?>> JSON_TYPES = List.of(OrganizationResource.class, OrganizationMembershipResource.class,
			OrganizationInvitationResource.class, PublicUserDataResource.class);

	/** The entities. */
	static final List<Class<?>> ENTITIES = List.of(Organization.class, OrganizationMembership.class,
			OrganizationInvitation.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/clerkusers/schema/organizations/*.sql");
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				JSON_TYPES.toArray(Class<?>[]::new));
		for (Class<?> entity : ENTITIES) {
			hints.reflection()
				.registerType(entity, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
						MemberCategory.ACCESS_DECLARED_FIELDS, MemberCategory.INVOKE_DECLARED_METHODS);
		}
	}

}
