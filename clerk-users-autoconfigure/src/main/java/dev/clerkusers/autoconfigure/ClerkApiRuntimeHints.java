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
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints of clerk-users' Backend API for native images and AOT: the JSON-bound
 * resources, which the Backend API client, machine-token verification and webhooks read,
 * with or without a database.
 */
class ClerkApiRuntimeHints implements RuntimeHintsRegistrar {

	/** The JSON-bound resources of the Backend API and webhooks. */
	static final List<Class<?>> JSON_TYPES = List.of(UserResource.class, EmailAddressResource.class,
			VerificationResource.class, SessionResource.class, MachineTokenResource.class, InvitationResource.class,
			SignInTokenResource.class, TestingTokenResource.class, ClerkApiError.class, Page.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				JSON_TYPES.toArray(Class<?>[]::new));
	}

}
