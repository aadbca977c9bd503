package dev.orderplatform.kit.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.seata.core.context.RootContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Puts the Seata XID on the spans of a global transaction, so that Zipkin finds a checkout's trace by its XID (tag
 * {@value #XID}) as well as by its order id ({@value #ORDER_ID}, tagged where the order is known). A participant's
 * request span takes the XID from the transaction context the caller sent ({@code TX_XID}); any other span of the
 * transaction (the initiator's Feign calls) from the XID bound while it ran.
 */
public final class TransactionTraceTags implements ObservationFilter {

    public static final String XID = "seata.xid";
    public static final String ORDER_ID = "order.id";

    private final ObjectProvider<Tracer> tracer;

    public TransactionTraceTags(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    @Override
    public Observation.Context map(Observation.Context context) {
        String xid = context instanceof ServerRequestObservationContext request
                ? request.getCarrier().getHeader(RootContext.KEY_XID) : RootContext.getXID();
        if (xid != null && !xid.isBlank()) {
            context.addHighCardinalityKeyValue(KeyValue.of(XID, xid));
        }
        return context;
    }

    /** Tags the span the current request runs in (nothing when tracing is off or the request is not traced). */
    public void tagCurrentSpan(String key, String value) {
        Tracer current = tracer.getIfAvailable();
        Span span = current == null ? null : current.currentSpan();
        if (span != null && value != null) {
            span.tag(key, value);
        }
    }
}
