package dev.orderplatform.kit.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** How a participant answers a saga settlement or compensation: 204 when done (now or before), else 409. */
public final class SagaStepAnswers {

    private SagaStepAnswers() {
    }

    /**
     * @param done   false when the order's part was already settled the other way (e.g. released, not sold)
     * @param detail what went the other way, for the 409 problem
     */
    public static ResponseEntity<Void> done(boolean done, String detail) {
        if (!done) {
            throw new ApiException(HttpStatus.CONFLICT, Problems.SAGA_STEP_CONFLICT, "Already settled the other way", detail);
        }
        return ResponseEntity.noContent().build();
    }
}
