package dev.clerkusers.autoconfigure;

import java.util.List;

import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints of clerk-users' users table for native images and AOT: the schema scripts
 * and the entities. The JSON-bound resources are {@link ClerkApiRuntimeHints}'.
 */
class ClerkRuntimeHints implements RuntimeHintsRegistrar {

	/** The entities and embeddables. */
	static final List<Class<?>> ENTITIES = List.of(ClerkUser.class, ClerkSyncState.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/clerkusers/schema/*/*.sql");
		for (Class<?> entity : ENTITIES) {
			hints.reflection()
				.registerType(entity, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
						MemberCategory.ACCESS_DECLARED_FIELDS, MemberCategory.INVOKE_DECLARED_METHODS);
		}
	}

}
