package dev.orderplatform.order.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.flashsale.FlashPurchases;
import dev.orderplatform.order.messaging.OrderStatusFanout.PurchaseStatusBroadcast;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The open {@code GET /api/flash-sales/{saleId}/purchases/{purchaseId}/events} streams of this instance (docs/api.md; the
 * rules are the order stream's, {@link EventStreams}): version 1 is the purchase QUEUED (with its position at the
 * time it is sent), version 2 PAID or FAILED, after which the stream ends.
 */
@Component
public class PurchaseEventStreams implements DisposableBean {

    private final EventStreams<FlashPurchases.Admitted> streams;

    public PurchaseEventStreams(FlashPurchases purchases, ObjectMapper json, MeterRegistry meters,
                                EventStreams.Settings settings) {
        this.streams = new EventStreams<>("purchase", "purchase", new EventStreams.Source<>() {
            @Override
            public Optional<FlashPurchases.Admitted> find(String purchaseId) {
                return purchases.show(purchaseId);
            }

            @Override
            public String owner(FlashPurchases.Admitted admitted) {
                return admitted.purchase().userId();
            }

            @Override
            public long version(FlashPurchases.Admitted admitted) {
                return admitted.purchase().version();
            }

            @Override
            public boolean isTerminal(FlashPurchases.Admitted admitted) {
                return admitted.purchase().status().isTerminal();
            }

            @Override
            public Object view(FlashPurchases.Admitted admitted) {
                return FlashSaleController.PurchaseView.of(admitted);
            }
        }, json, meters, "flash.purchase.event.streams", settings);
    }

    /** See {@link EventStreams#open}. */
    public void open(FlashPurchases.Admitted admitted, long lastEventId, HttpServletRequest request,
                     HttpServletResponse response) throws IOException {
        FlashPurchase purchase = admitted.purchase();
        streams.open(purchase.purchaseId(), admitted, lastEventId, request, response);
    }

    /** A nudge: the purchase finished on some instance. */
    @EventListener
    public void changed(PurchaseStatusBroadcast change) {
        streams.changed(change.purchaseId());
    }

    @Override
    public void destroy() {
        streams.close();
    }
}
