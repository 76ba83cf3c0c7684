package dev.clerkusers.it.publicapi;

import java.io.IOException;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maps of JSON values in the public API of the library, the organizations module and the
 * test kit declare their values {@code @Nullable}: Clerk's metadata, claims and payloads
 * are JSON, where {@code null} is a value. Kotlin reads a {@code @NullMarked}
 * {@code Map<String, Object>} as a map of non-null values, so a {@code null} kept in it
 * fails far from its cause, and a map with {@code null} values cannot be passed to it.
 */
class JsonValuedMapsTests {

	/**
	 * Maps that never hold {@code null}: the inbox's counts and lists, property sources,
	 * and claims, whose JSON {@code null} values are left out.
	 */
	private static final Set<String> VALUES_ONLY = Set.of("dev.clerkusers.actuate.ClerkWebhooksEndpoint#inbox",
			"dev.clerkusers.test.context.FakeClerkProperties#of", "dev.clerkusers.token.ClerkSessionClaims#claims",
			"dev.clerkusers.test.token.SessionTokenBuilder#claims");

	@Test
	void everyMapOfJsonValuesInThePublicApiDeclaresItsValuesNullable() throws IOException {
		List<Class<?>> types = publicTypes();
		assertThat(types).extracting(Class::getName)
			.contains("dev.clerkusers.user.ClerkUser", "dev.clerkusers.organizations.Organization",
					"dev.clerkusers.test.webhook.ClerkEvents");
		List<String> nonNullValues = new ArrayList<>();
		for (Class<?> type : types) {
			List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
			members.addAll(List.of(type.getDeclaredConstructors()));
			for (Executable member : members) {
				String name = type.getName() + "#" + ((member instanceof Constructor) ? "<init>" : member.getName());
				if (isPublicApi(member) && !VALUES_ONLY.contains(name) && declaresNonNullValues(member)) {
					nonNullValues.add(name);
				}
			}
		}
		assertThat(nonNullValues).as("Map<String, Object> where Map<String, @Nullable Object> is meant").isEmpty();
	}

	private static boolean isPublicApi(Executable member) {
		return (Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers()))
				&& !member.isSynthetic();
	}

	private static boolean declaresNonNullValues(Executable member) {
		List<AnnotatedType> types = new ArrayList<>(List.of(member.getAnnotatedParameterTypes()));
		if (member instanceof Method method) {
			types.add(method.getAnnotatedReturnType());
		}
		return types.stream().anyMatch(JsonValuedMapsTests::hasMapOfNonNullObjects);
	}

	/**
	 * Whether the type is, or holds, a {@code Map} whose value type is {@code Object}
	 * without {@code @Nullable}.
	 */
	private static boolean hasMapOfNonNullObjects(AnnotatedType type) {
		if (type instanceof AnnotatedWildcardType wildcard) {
			return List.of(wildcard.getAnnotatedUpperBounds())
				.stream()
				.anyMatch(JsonValuedMapsTests::hasMapOfNonNullObjects);
		}
		if (!(type instanceof AnnotatedParameterizedType parameterized)) {
			return false;
		}
		AnnotatedType[] arguments = parameterized.getAnnotatedActualTypeArguments();
		if (parameterized.getType() instanceof java.lang.reflect.ParameterizedType generic
				&& generic.getRawType() == Map.class && arguments[1].getType() == Object.class
				&& !arguments[1].isAnnotationPresent(Nullable.class)) {
			return true;
		}
		return List.of(arguments).stream().anyMatch(JsonValuedMapsTests::hasMapOfNonNullObjects);
	}

	/**
	 * The public types of the library's jars: every class under {@code dev.clerkusers}
	 * that is not compiled from a test source. Those that need WebFlux, which this
	 * servlet application does not have, cannot be read: the reactive types, parts of
	 * auto-configurations and the test kit's {@code WebTestClient} support, and nothing
	 * else.
	 */
	private static List<Class<?>> publicTypes() throws IOException {
		List<Class<?>> types = new ArrayList<>();
		List<String> unreadable = new ArrayList<>();
		ClassLoader loader = JsonValuedMapsTests.class.getClassLoader();
		for (Resource resource : new PathMatchingResourcePatternResolver(loader)
			.getResources("classpath*:dev/clerkusers/**/*.class")) {
			String url = resource.getURL().toString();
			if (url.contains("test-classes")) {
				continue;
			}
			// Inside a jar, the class's path starts after "!/": the jar's own path in a
			// Maven repository holds "dev/clerkusers/" too.
			String path = url.substring(url.lastIndexOf("!/") + 1);
			String name = path.substring(path.indexOf("dev/clerkusers/"), path.length() - ".class".length())
				.replace('/', '.');
			try {
				Class<?> type = Class.forName(name, false, loader);
				if (Modifier.isPublic(type.getModifiers())) {
					type.getDeclaredMethods();
					types.add(type);
				}
			}
			catch (ReflectiveOperationException | LinkageError ex) {
				unreadable.add(name);
			}
		}
		assertThat(unreadable).allMatch((name) -> name.contains(".reactive.") || name.contains(".autoconfigure.")
				|| name.contains("WebTestClient"));
		return types;
	}

}
