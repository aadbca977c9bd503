package dev.orderplatform.inventory.messaging;

import dev.orderplatform.inventory.domain.StockLevel;
import java.util.List;

/**
 * Body of a message on {@value StockMessaging#TOPIC}: the state of every SKU one local transaction changed, as it
 * committed, each with the version the database gave it. {@code changeId} is the message key and the primary key
 * of the change's row in {@code stock_change_messages}.
 */
public record StockChangeMessage(String changeId, List<StockLevel> skus) {
}
