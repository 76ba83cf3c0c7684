package dev.clerkusers.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Binding of the library's resources: Clerk's scalars as they are typed, and a cosmetic
 * field of an unexpected type left out.
 * <p>
 * Jackson's defaults read a number or a boolean as the string of its characters, a
 * numeric string or a fraction as a whole number, and a string as a boolean: a permission
 * {@code 1} became {@code "1"}, an {@code updated_at} of {@code "1767225600000"} ordered
 * a change. The library's resources take a string, a whole number or a boolean only as
 * such; anything else is an unexpected token, which the lenient binding leaves out in a
 * cosmetic field and which fails the record anywhere else.
 */
final class LenientFields extends DeserializationProblemHandler {

	static final Log logger = LogFactory.getLog(ClerkResource.class);

	private static final SimpleModule TYPED_SCALARS = new SimpleModule("clerk-typed-scalars")
		.addDeserializer(String.class,
				new TypedScalar<>(String.class, Set.of(JsonToken.VALUE_STRING), JsonParser::getString))
		.addDeserializer(Long.class,
				new TypedScalar<>(Long.class, Set.of(JsonToken.VALUE_NUMBER_INT), JsonParser::getLongValue))
		.addDeserializer(Integer.class,
				new TypedScalar<>(Integer.class, Set.of(JsonToken.VALUE_NUMBER_INT), JsonParser::getIntValue))
		.addDeserializer(Boolean.class, new TypedScalar<>(Boolean.class,
				Set.of(JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE), JsonParser::getBooleanValue));

	/**
	 * Binds the library's resources strictly.
	 */
	static final JsonMapper STRICT = JsonMapper.builder().addModule(TYPED_SCALARS).build();

	/**
	 * The field a binding failed on, as {@code updated_at} or
	 * {@code email_addresses[0].email_address}.
	 * @param failure the failure
	 * @return the field, or empty when Jackson did not say
	 */
	static Optional<String> path(JacksonException failure) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : failure.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? Optional.of(path.toString()) : Optional.empty();
	}

	private final List<String> ignored;

	private LenientFields(List<String> ignored) {
		this.ignored = ignored;
	}

	/**
	 * Binds the library's resources leaving out a cosmetic field of an unexpected type.
	 * @param ignored collects the fields left out
	 * @return the mapper
	 */
	static JsonMapper mapper(List<String> ignored) {
		return JsonMapper.builder().addModule(TYPED_SCALARS).addHandler(new LenientFields(ignored)).build();
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

	/**
	 * A scalar taken only from the tokens of its JSON type.
	 */
	private static final class TypedScalar<T> extends StdScalarDeserializer<T> {

		private final Set<JsonToken> tokens;

		private final Function<JsonParser, T> value;

		TypedScalar(Class<T> type, Set<JsonToken> tokens, Function<JsonParser, T> value) {
			super(type);
			this.tokens = tokens;
			this.value = value;
		}

		@Override
		@SuppressWarnings("unchecked")
		public @Nullable T deserialize(JsonParser parser, DeserializationContext context) {
			if (!this.tokens.contains(parser.currentToken())) {
				return (T) context.handleUnexpectedToken(handledType(), parser);
			}
			try {
				return this.value.apply(parser);
			}
			catch (InputCoercionException ex) {
				// A number beyond the type's range: as a value of another type.
				return (T) context.handleWeirdNumberValue(handledType(), parser.getNumberValue(),
						ex.getOriginalMessage());
			}
		}

	}

}
