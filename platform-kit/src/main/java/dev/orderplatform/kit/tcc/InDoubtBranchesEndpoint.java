package dev.orderplatform.kit.tcc;

import dev.orderplatform.kit.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal (service to service, like the participants' Try endpoints): the TCC branches this participant holds in
 * doubt, and finishing one the TC no longer drives. Used by order-svc's straggler resolution, which decides the
 * direction from the TC and the order.
 * <ul>
 *   <li>{@code GET /internal/tcc/in-doubt?triedBefore=…&limit=…} → the branches, oldest first;</li>
 *   <li>{@code POST /internal/tcc/in-doubt/{action}/{xid}/{branchId}} {@code {"decision": "CONFIRM"|"CANCEL"}} →
 *       {@code {"outcome": "DONE"|"NO_EFFECT"}}.</li>
 * </ul>
 */
@RestController
@Validated
public class InDoubtBranchesEndpoint {

    public record Finish(@NotNull InDoubtBranches.Decision decision) {
    }

    public record Finished(String outcome) {
    }

    private final Map<String, InDoubtBranches> byAction;

    public InDoubtBranchesEndpoint(List<InDoubtBranches> branches) {
        this.byAction = branches.stream().collect(Collectors.toMap(InDoubtBranches::action, Function.identity()));
    }

    @GetMapping("/internal/tcc/in-doubt")
    public List<InDoubtBranches.Branch> inDoubt(@RequestParam Instant triedBefore,
                                                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        List<InDoubtBranches.Branch> all = new ArrayList<>();
        byAction.values().forEach(source -> all.addAll(source.triedBefore(triedBefore, limit)));
        return all.stream().sorted(Comparator.comparing(InDoubtBranches.Branch::triedAt)).limit(limit).toList();
    }

    @PostMapping("/internal/tcc/in-doubt/{action}/{xid}/{branchId}")
    public Finished finish(@PathVariable String action, @PathVariable String xid, @PathVariable long branchId,
                           @Valid @RequestBody Finish finish) {
        InDoubtBranches source = byAction.get(action);
        if (source == null) {
            throw Problems.notFound("TCC action", action);
        }
        return new Finished(source.finish(xid, branchId, finish.decision()) ? "DONE" : "NO_EFFECT");
    }
}
