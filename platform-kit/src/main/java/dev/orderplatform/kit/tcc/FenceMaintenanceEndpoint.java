package dev.orderplatform.kit.tcc;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /admin/tcc/fence-cleanup} (admin token): runs the fence cleanup now, with the configured horizon. */
@RestController
public class FenceMaintenanceEndpoint {

    private final FenceMaintenance maintenance;

    public FenceMaintenanceEndpoint(FenceMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @PostMapping("/admin/tcc/fence-cleanup")
    public FenceMaintenance.Cleanup cleanUp() {
        return maintenance.cleanUp();
    }
}
