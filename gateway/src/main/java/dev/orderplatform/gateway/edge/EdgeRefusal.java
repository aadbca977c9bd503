package dev.orderplatform.gateway.edge;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request the edge refuses itself, answered as a problem body of {@link #type()} (see {@link EdgeProblems}). */
public class EdgeRefusal extends ResponseStatusException {

    private final String type;
    private final Map<String, String> extraHeaders;

    public EdgeRefusal(HttpStatus status, String type, String detail, Map<String, String> extraHeaders) {
        super(status, detail);
        this.type = type;
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    public String type() {
        return type;
    }

    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }
}
