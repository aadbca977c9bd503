package dev.orderplatform.order.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.messaging.OrderStatusFanout.OrderStatusBroadcast;
import dev.orderplatform.order.store.OrderStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The open {@code GET /api/orders/{id}/events} streams of this instance (docs/api.md; the rules are {@link EventStreams}'):
 * one event per order version, nudged by {@link OrderStatusBroadcast} from any instance.
 */
@Component
public class OrderEventStreams implements DisposableBean {

    private final EventStreams<Order> streams;

    public OrderEventStreams(OrderStore orders, ObjectMapper json, MeterRegistry meters, EventStreams.Settings settings) {
        this.streams = new EventStreams<>("order", "order", new EventStreams.Source<>() {
            @Override
            public Optional<Order> find(String orderId) {
                return orders.find(orderId);
            }

            @Override
            public String owner(Order order) {
                return order.userId();
            }

            @Override
            public long version(Order order) {
                return order.version();
            }

            @Override
            public boolean isTerminal(Order order) {
                return order.isTerminal();
            }

            @Override
            public Object view(Order order) {
                return OrderView.of(order);
            }
        }, json, meters, "order.event.streams", settings);
    }

    /** See {@link EventStreams#open}. */
    public void open(Order order, long lastEventId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        streams.open(order.orderId(), order, lastEventId, request, response);
    }

    /** A nudge: the order changed on some instance. */
    @EventListener
    public void changed(OrderStatusBroadcast change) {
        streams.changed(change.orderId());
    }

    @Override
    public void destroy() {
        streams.close();
    }
}
