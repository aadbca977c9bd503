package dev.orderplatform.kit.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.seata.core.context.RootContext;
import io.seata.rm.tcc.api.BusinessActionContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Puts a TCC branch's phase two in the trace of the request that tried it. The TC calls Confirm and Cancel over
 * Seata's own RPC, which carries no trace context, so the Try records it: the participant passes {@link #tryContext()}
 * as the Try's BusinessActionContext, whose entries Seata registers with the branch (as it does the
 * {@code @BusinessActionContextParameter}s) and hands back to phase two. {@link #phaseTwo} then runs Confirm or Cancel
 * in a span that is a child of the Try's, tagged with the XID and the branch, with the XID in the logging context.
 * Without tracing (or for a request that is not traced) both do nothing.
 */
public final class PhaseTwoTraces {

    /** The action-context entry holding the Try's W3C trace context. */
    public static final String TRACE_PARENT = "traceparent";

    private static final PhaseTwoTraces OFF = new PhaseTwoTraces(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    public PhaseTwoTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No tracing: the Try's context is Seata's own, phase two runs as is. */
    public static PhaseTwoTraces off() {
        return OFF;
    }

    /**
     * The BusinessActionContext to pass to a Try: carries the current trace context, or null (Seata then makes its own)
     * when the request is not traced.
     */
    public BusinessActionContext tryContext() {
        Span current = tracer == null ? null : tracer.currentSpan();
        if (current == null || propagator == null || !Boolean.TRUE.equals(current.context().sampled())) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(current.context(), carrier, Map::put);
        String traceParent = carrier.get(TRACE_PARENT);
        if (traceParent == null) {
            return null;
        }
        BusinessActionContext context = new BusinessActionContext();
        Map<String, Object> entries = new HashMap<>();
        entries.put(TRACE_PARENT, traceParent);
        context.setActionContext(entries);
        return context;
    }

    /** Runs {@code work} (a Confirm or Cancel) in a span of the Try's trace, if the Try recorded one. */
    public <T> T phaseTwo(String phase, BusinessActionContext context, Supplier<T> work) {
        Object traceParent = context == null ? null : context.getActionContext(TRACE_PARENT);
        if (tracer == null || propagator == null || !(traceParent instanceof String parent)) {
            return work.get();
        }
        Span span = propagator.extract(Map.of(TRACE_PARENT, parent), (carrier, key) -> carrier.get(key))
                .name(context.getActionName() == null ? "tcc " + phase : "tcc " + phase + " " + context.getActionName())
                .kind(Span.Kind.SERVER)
                .tag(TransactionTraceTags.XID, String.valueOf(context.getXid()))
                .tag("seata.branch", String.valueOf(context.getBranchId()))
                .start();
        boolean boundHere = MDC.get(RootContext.MDC_KEY_XID) == null && context.getXid() != null;
        if (boundHere) {
            MDC.put(RootContext.MDC_KEY_XID, context.getXid());
        }
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error failure) {
            span.error(failure);
            throw failure;
        } finally {
            span.end();
            if (boundHere) {
                MDC.remove(RootContext.MDC_KEY_XID);
            }
        }
    }
}
