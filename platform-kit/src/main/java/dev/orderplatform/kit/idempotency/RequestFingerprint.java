package dev.orderplatform.kit.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.orderplatform.kit.security.BearerTokens;

/**
 * The fingerprint of a request for Idempotency-Key comparison: SHA-256 of the parsed request written as
 * canonical JSON (sorted keys), so whitespace and field order do not make two equal requests differ.
 */
public final class RequestFingerprint {

    private final ObjectMapper canonical;

    public RequestFingerprint(ObjectMapper applicationMapper) {
        this.canonical = applicationMapper.copy()
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(SerializationFeature.INDENT_OUTPUT, false);
        if (this.canonical instanceof JsonMapper) {
            this.canonical.configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
        }
    }

    public String of(String scope, Object request) {
        try {
            return BearerTokens.sha256Hex(scope + "\n" + canonical.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request cannot be fingerprinted", e);
        }
    }
}
