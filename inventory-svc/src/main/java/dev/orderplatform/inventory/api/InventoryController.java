package dev.orderplatform.inventory.api;

import dev.orderplatform.inventory.domain.StockLevel;
import dev.orderplatform.inventory.store.StockCache;
import dev.orderplatform.inventory.store.StockStore;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
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

/** Public stock API (docs/api.md, inventory-svc). */
@RestController
@RequestMapping("/api/inventory")
@Tag(name = "inventory", description = "Stock and prices per SKU: read from the cache, restocked by an admin")
public class InventoryController {

    /** Whether a read was answered from the cache ({@code hit}) or from the database ({@code miss}). */
    static final String CACHE_STATUS = "Cache-Status";

    private static final Logger log = LoggerFactory.getLogger(InventoryController.class);

    /** Fault point: a reader that missed the cache, between its database read and filling the cache. */
    public static final String FILL = "stock-cache/FILL";

    private final StockStore stock;
    private final StockCache cache;
    private final FaultHooks faults;

    public InventoryController(StockStore stock, StockCache cache, FaultHooks faults) {
        this.stock = stock;
        this.cache = cache;
        this.faults = faults;
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

    /**
     * From the cache; a miss reads the database and fills the cache — through the same version check as the
     * messages, so a reader can never put back an older state than a message already wrote. If Redis cannot be
     * reached the database answers (a miss) rather than the page failing.
     */
    @GetMapping("/{sku}")
    @Operation(summary = "A SKU's price and stock, served from the cache (Redis)")
    @ApiResponse(responseCode = "200", description = "The SKU; Cache-Status: hit (from Redis) or miss (from the database)")
    @ApiResponse(responseCode = "400", description = "Not a valid SKU", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown SKU", content = @Content)
    public ResponseEntity<StockView> get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku) {
        try {
            Optional<StockLevel> cached = cache.find(sku);
            if (cached.isPresent()) {
                return ResponseEntity.ok().header(CACHE_STATUS, "hit").body(StockView.of(cached.get()));
            }
        } catch (DataAccessException redisDown) {
            log.warn("Stock cache unreadable, answering {} from the database: {}", sku, redisDown.toString());
        }
        StockLevel level = stock.find(sku).orElseThrow(() -> Problems.notFound("SKU", sku));
        faults.at(FILL);
        try {
            cache.offer(level);
        } catch (DataAccessException redisDown) {
            log.warn("Stock cache not filled for {}: {}", sku, redisDown.toString());
        }
        return ResponseEntity.ok().header(CACHE_STATUS, "miss").body(StockView.of(level));
    }

    /** Creates the SKU (201) or restocks it (200): sets its price and available quantity. */
    @PutMapping("/{sku}")
    @Operation(summary = "Create or restock a SKU (admin): sets its price and available quantity")
    @ApiResponse(responseCode = "200", description = "The SKU was restocked; the SKU as GET shows it")
    @ApiResponse(responseCode = "201", description = "The SKU was created; the SKU as GET shows it")
    @ApiResponse(responseCode = "400", description = "Invalid input", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Not the admin role", content = @Content)
    public ResponseEntity<StockView> put(
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku,
            @Valid @RequestBody SetStockLevel body) {
        StockStore.Restocked result = stock.setLevel(sku, body.priceCents(), body.available());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(StockView.of(result.level()));
    }
}
