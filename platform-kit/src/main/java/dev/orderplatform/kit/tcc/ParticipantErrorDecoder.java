package dev.orderplatform.kit.tcc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.web.Problems;
import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;

/**
 * Initiator side of a participant's refusal: a 409 {@code participant-refused} answer becomes a
 * {@link ParticipantRefusedException} again, with the participant's reason. Any other error stays a Feign
 * error (the participant failed; the global transaction rolls back either way).
 */
public class ParticipantErrorDecoder implements ErrorDecoder {

    private final ErrorDecoder fallback = new ErrorDecoder.Default();
    private final ObjectMapper json;

    public ParticipantErrorDecoder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        if (response.status() == 409 && response.body() != null) {
            try (InputStream body = response.body().asInputStream()) {
                JsonNode problem = json.readTree(body);
                if (Problems.PARTICIPANT_REFUSED.equals(problem.path("type").asText())) {
                    RefusalReason reason = RefusalReason.valueOf(problem.path(ParticipantRefusedException.REASON_PROPERTY).asText());
                    return new ParticipantRefusedException(reason, problem.path("detail").asText());
                }
            } catch (IOException | IllegalArgumentException e) {
                return fallback.decode(methodKey, response);
            }
        }
        return fallback.decode(methodKey, response);
    }
}
