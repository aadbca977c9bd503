package dev.orderplatform.kit.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private final RequestFingerprint fingerprint = new RequestFingerprint(new ObjectMapper());

    record Order(String userId, List<String> skus, long points) {
    }

    @Test
    void theSameRequestHasTheSameFingerprintWhateverTheFieldOrder() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("a", 1);
        one.put("b", 2);
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("b", 2);
        other.put("a", 1);
        assertThat(fingerprint.of("scope", one)).isEqualTo(fingerprint.of("scope", other));
        assertThat(fingerprint.of("scope", new Order("u", List.of("A"), 3)))
                .isEqualTo(fingerprint.of("scope", new Order("u", List.of("A"), 3)));
    }

    @Test
    void anyDifferenceInTheRequestOrTheEndpointChangesIt() {
        String base = fingerprint.of("POST /api/orders", new Order("u", List.of("A"), 3));
        assertThat(fingerprint.of("POST /api/orders", new Order("u", List.of("A"), 4))).isNotEqualTo(base);
        assertThat(fingerprint.of("POST /api/orders", new Order("u", List.of("A", "B"), 3))).isNotEqualTo(base);
        assertThat(fingerprint.of("POST /other", new Order("u", List.of("A"), 3))).isNotEqualTo(base);
        assertThat(base).matches("[0-9a-f]{64}");
    }
}
