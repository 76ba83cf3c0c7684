package dev.clerkusers.autoconfigure;

import java.util.Locale;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnClerkProperty @ConditionalOnClerkProperty}: binds
 * the property with Spring Boot's {@link Binder}, as {@link ClerkProperties} is bound.
 */
class OnClerkPropertyCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		MergedAnnotation<ConditionalOnClerkProperty> annotation = metadata.getAnnotations()
			.get(ConditionalOnClerkProperty.class);
		String name = annotation.getString("name");
		String havingValue = annotation.getString("havingValue");
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnClerkProperty.class,
				"(" + name + "=" + havingValue + ")");
		BindResult<?> bound;
		try {
			bound = Binder.get(context.getEnvironment()).bind(name, Bindable.of(annotation.getClass("type")));
		}
		catch (BindException ex) {
			// The binding of ClerkProperties fails on the same value and says why.
			return ConditionOutcome.noMatch(message.because("its value cannot be bound"));
		}
		if (!bound.isBound()) {
			return annotation.getBoolean("matchIfMissing") ? ConditionOutcome.match(message.because("it is not set"))
					: ConditionOutcome.noMatch(message.didNotFind("property").items(name));
		}
		Object value = bound.get();
		String text = (value instanceof Enum<?> constant) ? constant.name() : value.toString();
		return text.equalsIgnoreCase(havingValue.trim())
				? ConditionOutcome.match(message.because("it is " + text.toLowerCase(Locale.ROOT)))
				: ConditionOutcome.noMatch(message.found("different value in property").items(name));
	}

}
