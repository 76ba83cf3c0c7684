package dev.clerkusers.api;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding that leaves out a cosmetic field of an unexpected type.
 */
final class LenientFields extends DeserializationProblemHandler {

	static final Log logger = LogFactory.getLog(ClerkResource.class);

	private final List<String> ignored;

	private LenientFields(List<String> ignored) {
		this.ignored = ignored;
	}

	static JsonMapper mapper(List<String> ignored) {
		return JsonMapper.builder().addHandler(new LenientFields(ignored)).build();
	}

	@Override
	public @Nullable Object handleUnexpectedToken(DeserializationContext context, JavaType targetType, JsonToken token,
			JsonParser parser, String failureMessage) {
		if (!ignore(parser.currentName())) {
			return NOT_HANDLED;
		}
		parser.skipChildren();
		return null;
	}

	@Override
	public @Nullable Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
			String failureMessage) {
		return ignore(context.getParser().currentName()) ? null : NOT_HANDLED;
	}

	@Override
	public @Nullable Object handleWeirdNumberValue(DeserializationContext context, Class<?> targetType, Number value,
			String failureMessage) {
		return ignore(context.getParser().currentName()) ? null : NOT_HANDLED;
	}

	@Override
	public @Nullable Object handleMissingInstantiator(DeserializationContext context, Class<?> instanceType,
			ValueInstantiator instantiator, JsonParser parser, String message) {
		if (!ignore(parser.currentName())) {
			return NOT_HANDLED;
		}
		parser.skipChildren();
		return null;
	}

	private boolean ignore(@Nullable String field) {
		if (field == null || !ClerkResource.LENIENT_FIELDS.contains(field)) {
			return false;
		}
		this.ignored.add(field);
		return true;
	}

}
