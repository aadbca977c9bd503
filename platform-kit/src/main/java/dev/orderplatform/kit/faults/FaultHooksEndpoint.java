package dev.orderplatform.kit.faults;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/fault-hooks} (admin token): arm, inspect, release or clear {@link FaultHooks}; 404 unless
 * they are enabled ({@code ./stack up --fault-hooks}).
 */
@RestController
public class FaultHooksEndpoint {

    private final FaultHooks hooks;

    public FaultHooksEndpoint(FaultHooks hooks) {
        this.hooks = hooks;
    }

    public enum Mode { FAIL, PAUSE }

    /** {@code failures} applies to FAIL only. */
    public record Arm(@NotBlank String point, @NotNull Mode mode, @Positive @Max(1000) Integer failures) {
    }

    public record Release(@NotBlank String point) {
    }

    @PostMapping("/admin/fault-hooks")
    public ResponseEntity<Arm> arm(@Valid @RequestBody Arm arm) {
        requireEnabled();
        if (arm.mode() == Mode.FAIL) {
            hooks.failNext(arm.point(), arm.failures() == null ? 1 : arm.failures());
        } else {
            hooks.pauseNext(arm.point());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(arm);
    }

    @PostMapping("/admin/fault-hooks/release")
    public ResponseEntity<Void> release(@Valid @RequestBody Release release) {
        requireEnabled();
        hooks.release(release.point());
        return ResponseEntity.noContent().build();
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
