package dev.orderplatform.kit.tcc;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /admin/tcc/fence-cleanup} (admin token): runs the fence cleanup now, with the configured horizon. */
@RestController
@Tag(name = "maintenance", description = "Maintenance jobs run now (admin role; each service's own port, not routed by the gateway)")
public class FenceMaintenanceEndpoint {

    private final FenceMaintenance maintenance;

    public FenceMaintenanceEndpoint(FenceMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @PostMapping("/admin/tcc/fence-cleanup")
    @Operation(summary = "Run the TCC fence cleanup now, with the configured horizon (both fence kinds)")
    @ApiResponse(responseCode = "200", description = "What was deleted")
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Not admin", content = @Content)
    public FenceMaintenance.Cleanup cleanUp() {
        return maintenance.cleanUp();
    }
}
