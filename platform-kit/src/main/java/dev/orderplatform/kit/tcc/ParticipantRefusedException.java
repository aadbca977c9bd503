package dev.orderplatform.kit.tcc;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A Try that refuses the work. Thrown inside the participant's local transaction, so the refusal rolls back
 * everything the Try wrote; answered to the initiator as 409 {@code participant-refused} with {@code reason},
 * and turned back into this exception on the initiator's side by its Feign error decoder.
 */
public class ParticipantRefusedException extends ApiException {

    public static final String REASON_PROPERTY = "reason";

    private final RefusalReason reason;

    public ParticipantRefusedException(RefusalReason reason, String detail) {
        super(HttpStatus.CONFLICT, Problems.PARTICIPANT_REFUSED, "Participant refused", detail,
                Map.of(REASON_PROPERTY, reason.name()));
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
