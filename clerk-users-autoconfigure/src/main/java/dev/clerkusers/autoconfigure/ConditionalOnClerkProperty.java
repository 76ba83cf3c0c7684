package dev.clerkusers.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;

/**
 * {@link Conditional @Conditional} that matches when a {@code clerk.*} property has a
 * value, read as {@link ClerkProperties} (and the organizations module's properties) bind
 * it, so that the beans a property turns on and the value the library's components read
 * can never disagree. Spring Boot's {@link ConditionalOnProperty @ConditionalOnProperty}
 * compares the property's text instead: an empty {@code clerk.cache.invalidation} (an
 * environment variable set to nothing) would turn off what {@link ClerkProperties} binds
 * as the default, and {@code clerk.webhook.enabled=on} would turn off what it binds as
 * {@code true}.
 * <p>
 * Read this way, a property that is not set, or set to an empty value that binds to
 * nothing (an enum's), is missing; a value that cannot be bound does not match, and the
 * binding of {@link ClerkProperties} then stops the application naming the property. The
 * clerk-users modules use it for their own auto-configurations.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnClerkPropertyCondition.class)
public @interface ConditionalOnClerkProperty {

	/**
	 * The property's name, such as {@code clerk.webhook.enabled}.
	 * @return the name
	 */
	String name();

	/**
	 * The type the property binds to: {@link Boolean} for a switch, or the enum of
	 * {@link ClerkProperties} that it binds to.
	 * @return the type
	 */
	Class<?> type() default Boolean.class;

	/**
	 * The value to match, in any case: {@code true} or {@code false} for a switch, the
	 * name of an enum constant otherwise.
	 * @return the value
	 */
	String havingValue() default "true";

	/**
	 * Whether to match when the property is missing.
	 * @return whether a missing property matches
	 */
	boolean matchIfMissing() default false;

}
