package dev.orderplatform.kit.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;

/**
 * Requests are read strictly, so that what the client meant is never guessed: unknown fields, duplicate
 * keys, {@code 2.5} for a quantity, {@code "2"} for a number or {@code 7} for a string are 400s, not
 * silently coerced. (Jackson's defaults would turn {@code 2.5} into {@code 2}.) Strictness also keeps the
 * Idempotency-Key fingerprint honest: two bodies that parse to the same request are the same request.
 * DTOs read from other services opt out with {@code @JsonIgnoreProperties(ignoreUnknown = true)}.
 *
 * <p>Sizes are bounded while parsing, not after: a string longer than {@value #MAX_STRING_LENGTH} characters, a
 * number longer than {@value #MAX_NUMBER_LENGTH} digits or nesting deeper than {@value #MAX_NESTING_DEPTH} fails the
 * parse at that token (Jackson's stream constraints). How many elements an array can have is bounded by the body
 * limit ({@link RequestBodyLimit}: 64 KB unless an endpoint says otherwise), which applies before parsing starts.
 */
public class StrictJsonConfiguration {

    static final int MAX_STRING_LENGTH = 65_536;
    static final int MAX_NUMBER_LENGTH = 32;
    static final int MAX_NESTING_DEPTH = 32;

    public Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .featuresToEnable(
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToDisable(
                        DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .postConfigurer(mapper -> {
                    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(MAX_STRING_LENGTH).maxNumberLength(MAX_NUMBER_LENGTH).maxNestingDepth(MAX_NESTING_DEPTH)
                            .build());
                    mapper.coercionConfigFor(LogicalType.Integer)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Boolean)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Enum)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                });
    }
}
