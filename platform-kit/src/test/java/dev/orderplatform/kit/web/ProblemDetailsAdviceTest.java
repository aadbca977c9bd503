package dev.orderplatform.kit.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Every error answer is an RFC 9457 problem body with the contract's fields, and never a stack trace. */
class ProblemDetailsAdviceTest {

    @RestController
    static class Probe {
        record Body(@NotNull @Positive Long quantity) {
        }

        @PostMapping("/things")
        Body create(@Valid @RequestBody Body body) {
            return body;
        }

        @PostMapping("/things/{id}")
        Body createNamed(@PathVariable @Pattern(regexp = "[a-z]+") String id,
                         @RequestHeader("Idempotency-Key") @Size(max = 3) String key,
                         @Valid @RequestBody Body body) {
            return body;
        }

        @GetMapping("/missing")
        void missing() {
            throw Problems.notFound("Thing", "t1");
        }

        @GetMapping("/broken")
        void broken() {
            throw new IllegalStateException("secret internal detail");
        }

        @GetMapping("/mysql-down")
        void mysqlDown() {
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
        }

        @GetMapping("/mongo-down")
        void mongoDown() {
            throw new MongoSocketOpenException("Exception opening socket", new ServerAddress("127.0.0.1", 27017));
        }
    }

    // registered as the auto-configuration does: the store advices before the catch-all
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Probe())
            .setControllerAdvice(new StoreUnavailableAdvice.Jdbc(), new StoreUnavailableAdvice.Mongo(), new ProblemDetailsAdvice())
            .build();

    @Test
    void validationFailuresNameTheField() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("validation-failed"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").isNotEmpty())
                .andExpect(jsonPath("$.errors.quantity").isNotEmpty());
    }

    @Test
    void invalidPathVariablesHeadersAndBodyFieldsAreNamedAsTheClientSentThem() throws Exception {
        mvc.perform(post("/things/AB1").header("Idempotency-Key", "toolong").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":-1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.id").isNotEmpty())
                .andExpect(jsonPath("$.errors['Idempotency-Key']").isNotEmpty())
                .andExpect(jsonPath("$.errors.quantity").isNotEmpty());
    }

    @Test
    void malformedJsonIsAProblemToo() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("malformed-request"));
    }

    @Test
    void apiExceptionsKeepTheirStatusAndType() throws Exception {
        mvc.perform(get("/missing"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("not-found"))
                .andExpect(jsonPath("$.instance").value("/missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mysql-down", "/mongo-down"})
    void anUnreachableStoreIsAServiceUnavailableWithRetryAfter(String path) throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.type").value("service-unavailable"))
                .andExpect(content().string(not(containsString("JDBC"))))
                .andExpect(content().string(not(containsString("socket"))));
    }

    @Test
    void unexpectedErrorsRevealNothingInternal() throws Exception {
        mvc.perform(get("/broken"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("internal-error"))
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }
}
