package dev.orderplatform.inventory.api;

import dev.orderplatform.inventory.domain.StockLevel;
import dev.orderplatform.inventory.store.StockStore;
import dev.orderplatform.kit.security.AdminOnly;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public stock API (API.md, inventory-svc). */
@RestController
@RequestMapping("/api/inventory")
public class InventoryController {

    private final StockStore stock;

    public InventoryController(StockStore stock) {
        this.stock = stock;
    }

    public record StockView(String sku, long priceCents, long available, long reserved, long version) {
        static StockView of(StockLevel level) {
            return new StockView(level.sku(), level.priceCents(), level.available(), level.reserved(), level.version());
        }
    }

    /** Body of PUT: the price, and the quantity that should be available from now on. */
    public record SetStockLevel(
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long priceCents,
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long available) {
    }

    @GetMapping("/{sku}")
    public StockView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku) {
        return stock.find(sku).map(StockView::of).orElseThrow(() -> Problems.notFound("SKU", sku));
    }

    /** Creates the SKU (201) or restocks it (200): sets its price and available quantity. */
    @AdminOnly
    @PutMapping("/{sku}")
    public ResponseEntity<StockView> put(
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku,
            @Valid @RequestBody SetStockLevel body) {
        StockStore.Restocked result = stock.setLevel(sku, body.priceCents(), body.available());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(StockView.of(result.level()));
    }
}
