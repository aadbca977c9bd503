package dev.orderplatform.kit.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/retention/prune} (admin): runs the storage pruning now, with the configured retentions, and says
 * what it deleted per store ({@code ran: false} while another instance is running it).
 */
@RestController
@Tag(name = "maintenance", description = "Maintenance jobs run now (admin role; each service's own port, not routed by the gateway)")
public class StoragePruningEndpoint {

    private final StoragePruning pruning;

    public StoragePruningEndpoint(StoragePruning pruning) {
        this.pruning = pruning;
    }

    @PostMapping("/admin/retention/prune")
    @Operation(summary = "Run the storage pruning now, with the configured retentions")
    @ApiResponse(responseCode = "200", description = "What was deleted per store (ran: false while another instance is running it)")
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Not admin", content = @Content)
    public StoragePruning.Run prune() {
        return pruning.runNow();
    }
}
