package dev.orderplatform.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.idempotency.IdempotencyScope;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.security.AdminCaller;
import dev.orderplatform.kit.security.AdminRole;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.compensation.AdminAudit;
import dev.orderplatform.order.compensation.CompensationRuns;
import dev.orderplatform.order.compensation.Reconciliation;
import dev.orderplatform.order.compensation.ForcedOutcomes;
import dev.orderplatform.order.compensation.StragglerFinder;
import dev.orderplatform.order.compensation.TransactionCoordinator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' API (docs/api.md, "Admin"): stragglers, compensation runs, forced outcomes, the audit log. Roles: a
 * {@code viewer} lists, dry-runs and reads; an {@code operator} also runs compensation and forces orders. Every
 * call that acts is audited with the caller's token name; bad input is refused before anything is written.
 */
@RestController
@RequestMapping("/admin")
@Validated
public class AdminController {

    static final String RUN_SCOPE = "POST /admin/compensation-runs";
    private static final String ORDER_ID = "orderId";

    public record RunRequest(@NotNull Boolean dryRun, String olderThan, @Min(1) @Max(1000) Integer limit,
                             @Size(max = 100) List<@NotBlank @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String> orderIds) {
    }

    public record ForceRequest(@NotBlank @Size(max = 500) String reason) {
    }

    public record RunStarted(String runId) {
    }

    public record ReconcileRequest(@Size(max = 500) List<@NotBlank @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String> orderIds) {
    }

    private final StragglerFinder finder;
    private final CompensationRuns runs;
    private final ForcedOutcomes forced;
    private final AdminAudit audit;
    private final TransactionCoordinator coordinator;
    private final Reconciliation reconciliation;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;

    public AdminController(StragglerFinder finder, CompensationRuns runs, ForcedOutcomes forced, AdminAudit audit,
                           TransactionCoordinator coordinator, Reconciliation reconciliation, IdempotentRequests idempotent,
                           ObjectMapper json) {
        this.reconciliation = reconciliation;
        this.finder = finder;
        this.runs = runs;
        this.forced = forced;
        this.audit = audit;
        this.coordinator = coordinator;
        this.idempotent = idempotent;
        this.json = json;
    }

    @GetMapping("/stragglers")
    public StragglerFinder.Found stragglers(@RequestParam(defaultValue = "PT30S") String olderThan,
                                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                                            @RequestParam(required = false) @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
                                            @RequestParam(required = false) @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String paymentId,
                                            @RequestParam(required = false) @Size(max = 128) String xid) {
        return finder.find(new StragglerFinder.Query(duration("olderThan", olderThan), limit,
                orderId == null ? Set.of() : Set.of(orderId), paymentId, xid));
    }

    /**
     * Starts a compensation run (202 {@code {"runId"}}): a dry run needs the viewer role, a real run the operator role.
     * With an {@code Idempotency-Key}, the same body starts one run only.
     */
    @PostMapping("/compensation-runs")
    public ResponseEntity<String> startRun(
            @RequestHeader(value = "Idempotency-Key", required = false) @Pattern(regexp = Identifiers.IDEMPOTENCY_KEY_PATTERN,
                    message = Identifiers.IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey,
            @Valid @RequestBody RunRequest body) {
        String caller = AdminCaller.name();
        if (!body.dryRun()) {
            AdminCaller.require(AdminRole.OPERATOR);
        }
        CompensationRuns.Request request = new CompensationRuns.Request(body.dryRun(),
                duration("olderThan", body.olderThan() == null ? "PT30S" : body.olderThan()),
                body.limit() == null ? 100 : body.limit(),
                body.orderIds() == null ? Set.of() : new LinkedHashSet<>(body.orderIds()));
        String key = idempotencyKey != null ? idempotencyKey : "unkeyed-" + UUID.randomUUID();
        return idempotent.handle(IdempotencyScope.of(RUN_SCOPE).by(caller), key, body, Duration.ofMinutes(1),
                runId -> URI.create("/admin/compensation-runs/" + runId),
                (resumedRunId, attach) -> {
                    String runId = resumedRunId != null ? resumedRunId : runs.start(request, caller);
                    attach.accept(runId);
                    audit.record(caller, body.dryRun() ? "dry-run" : "run", runId, null, write(body), "STARTED", null);
                    return new IdempotentRequests.Outcome(HttpStatus.ACCEPTED, new RunStarted(runId), runId);
                });
    }

    @GetMapping("/compensation-runs/{runId}")
    public CompensationRuns.Run run(@PathVariable @Size(max = 40) String runId) {
        return runs.find(runId).orElseThrow(() -> Problems.notFound("Compensation run", runId));
    }

    @GetMapping("/compensation-runs")
    public List<CompensationRuns.Run> recentRuns(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return runs.recent(limit);
    }

    /**
     * Reconciles now (the job does it on a schedule): the recently finished orders, or only {@code orderIds}, against
     * the participants' ledgers. Changes nothing, so a viewer may; the drifts are a dry run to review.
     */
    @PostMapping("/reconciliations")
    public Reconciliation.Report reconcile(@Valid @RequestBody(required = false) ReconcileRequest body) {
        List<String> orderIds = body == null || body.orderIds() == null ? List.of() : body.orderIds();
        return reconciliation.reconcile(AdminCaller.name(), orderIds);
    }

    @PostMapping("/orders/{orderId}/force-cancel")
    public ForcedOutcomes.Outcome forceCancel(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
                                              @Valid @RequestBody ForceRequest body) {
        return audited("force-cancel", orderId, body, () -> forced.forceCancel(orderId, body.reason()));
    }

    @PostMapping("/orders/{orderId}/force-complete")
    public ForcedOutcomes.Outcome forceComplete(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
                                                @Valid @RequestBody ForceRequest body) {
        return audited("force-complete", orderId, body, () -> forced.forceComplete(orderId, body.reason()));
    }

    @GetMapping("/audit")
    public List<AdminAudit.Record> audit(@RequestParam(required = false) @Size(max = 300) String target,
                                         @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return audit.recent(target, limit);
    }

    /** What the TC says of a global transaction ({@code Finished} once it no longer knows it). */
    @GetMapping("/transactions/{xid}")
    public Map<String, String> transaction(@PathVariable @Size(max = 128) String xid) {
        return Map.of("xid", xid, "status", coordinator.status(xid).name());
    }

    private ForcedOutcomes.Outcome audited(String action, String orderId, ForceRequest body,
                                           Supplier<ForcedOutcomes.Outcome> work) {
        String actor = AdminCaller.name();
        try {
            ForcedOutcomes.Outcome outcome = work.get();
            audit.record(actor, action, orderId, body.reason(), write(body), "DONE", outcome.done());
            return outcome;
        } catch (ApiException refused) {
            audit.record(actor, action, orderId, body.reason(), write(body), "REFUSED", refused.getMessage());
            throw refused;
        } catch (RuntimeException failed) {
            audit.record(actor, action, orderId, body.reason(), write(body), "FAILED", failed.toString());
            throw failed;
        }
    }

    private static Duration duration(String field, String value) {
        try {
            Duration parsed = Duration.parse(value);
            if (parsed.isNegative()) {
                throw Problems.validation(field, "must not be negative");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw Problems.validation(field, "must be an ISO-8601 duration such as PT30S");
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
