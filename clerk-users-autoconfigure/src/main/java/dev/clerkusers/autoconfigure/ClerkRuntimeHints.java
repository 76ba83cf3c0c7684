package dev.clerkusers.autoconfigure;

import java.util.List;

import dev.clerkusers.api.ClerkApiError;
import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.api.InvitationResource;
import dev.clerkusers.api.MachineTokenResource;
import dev.clerkusers.api.Page;
import dev.clerkusers.api.SessionResource;
import dev.clerkusers.api.SignInTokenResource;
import dev.clerkusers.api.TestingTokenResource;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.api.VerificationResource;
import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints of clerk-users for native images and AOT: the schema scripts, the
 * JSON-bound Backend API resources, and the entities.
 */
class ClerkRuntimeHints implements RuntimeHintsRegistrar {

	/** The JSON-bound resources of the Backend API and webhooks. */
	static final List<Class<?>> JSON_TYPES = List.of(UserResource.class, EmailAddressResource.class,
			VerificationResource.class, SessionResource.class, MachineTokenResource.class, InvitationResource.class,
			SignInTokenResource.class, TestingTokenResource.class, ClerkApiError.class, Page.class);

	/** The entities and embeddables. */
	static final List<Class<?>> ENTITIES = List.of(ClerkUser.class, ClerkSyncState.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/clerkusers/schema/*/*.sql");
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				JSON_TYPES.toArray(Class<?>[]::new));
		for (Class<?> entity : ENTITIES) {
			hints.reflection()
				.registerType(entity, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
						MemberCategory.ACCESS_DECLARED_FIELDS, MemberCategory.INVOKE_DECLARED_METHODS);
		}
	}

}
