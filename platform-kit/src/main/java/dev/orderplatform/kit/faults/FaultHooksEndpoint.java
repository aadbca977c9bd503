package dev.orderplatform.kit.faults;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/fault-hooks} (admin token): arm or clear {@link FaultHooks}; 404 unless they are enabled. */
@RestController
public class FaultHooksEndpoint {

    private final FaultHooks hooks;

    public FaultHooksEndpoint(FaultHooks hooks) {
        this.hooks = hooks;
    }

    public record Arm(@NotBlank String action, @NotNull FaultHooks.Phase phase, @NotNull @Positive @Max(1000) Integer failures) {
    }

    @PostMapping("/admin/fault-hooks")
    public ResponseEntity<Arm> arm(@Valid @RequestBody Arm arm) {
        requireEnabled();
        hooks.failNext(arm.action(), arm.phase(), arm.failures());
        return ResponseEntity.status(HttpStatus.CREATED).body(arm);
    }

    @GetMapping("/admin/fault-hooks")
    public Map<String, Integer> armed() {
        requireEnabled();
        return hooks.armed();
    }

    @DeleteMapping("/admin/fault-hooks")
    public ResponseEntity<Void> clear() {
        requireEnabled();
        hooks.clear();
        return ResponseEntity.noContent().build();
    }

    private void requireEnabled() {
        if (!hooks.enabled()) {
            throw new ApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "Fault hooks are not enabled.");
        }
    }
}
