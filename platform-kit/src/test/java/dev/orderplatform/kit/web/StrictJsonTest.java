package dev.orderplatform.kit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** What the services accept as JSON: exactly what the client wrote, nothing guessed. */
class StrictJsonTest {

    private final ObjectMapper json = strict();

    record Line(String sku, Long quantity, Boolean gift) {
    }

    private static ObjectMapper strict() {
        Jackson2ObjectMapperBuilder builder = new Jackson2ObjectMapperBuilder();
        new StrictJsonConfiguration().strictJson().customize(builder);
        return builder.build();
    }

    @Test
    void aWellFormedBodyIsRead() throws JsonProcessingException {
        assertThat(json.readValue("{\"sku\":\"A\",\"quantity\":2,\"gift\":true}", Line.class)).isEqualTo(new Line("A", 2L, true));
    }

    @Test
    void nothingIsCoerced() {
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A\",\"quantity\":2.5}", Line.class)).as("2.5 is not 2")
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A\",\"quantity\":\"2\"}", Line.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readValue("{\"sku\":7,\"quantity\":2}", Line.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A\",\"gift\":\"yes\"}", Line.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void unknownFieldsDuplicateKeysAndTrailingDataAreRefused() {
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A\",\"coupon\":\"X\"}", Line.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A\",\"sku\":\"B\"}", Line.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readValue("{\"sku\":\"A\"} {}", Line.class)).isInstanceOf(JsonProcessingException.class);
    }
}
