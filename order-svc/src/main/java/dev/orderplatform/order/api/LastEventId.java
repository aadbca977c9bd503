package dev.orderplatform.order.api;

import dev.orderplatform.kit.web.Problems;

/** The {@code Last-Event-ID} header of an event stream: the last version the client has (0 when absent). */
final class LastEventId {

    private LastEventId() {
    }

    /** 400 unless absent or a non-negative integer; {@code what} says what it must be. */
    static long parse(String header, String what) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long version = Long.parseLong(header.trim());
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw Problems.validation("Last-Event-ID", "must be " + what);
    }
}
