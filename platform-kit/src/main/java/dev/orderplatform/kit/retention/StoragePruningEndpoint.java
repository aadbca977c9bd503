package dev.orderplatform.kit.retention;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/retention/prune} (admin): runs the storage pruning now, with the configured retentions, and says
 * what it deleted per store ({@code ran: false} while another instance is running it).
 */
@RestController
public class StoragePruningEndpoint {

    private final StoragePruning pruning;

    public StoragePruningEndpoint(StoragePruning pruning) {
        this.pruning = pruning;
    }

    @PostMapping("/admin/retention/prune")
    public StoragePruning.Run prune() {
        return pruning.runNow();
    }
}
