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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "operators", description = "Stragglers, compensation runs, reconciliation, forced outcomes and the audit log "
        + "(bearer token: a viewer reads and dry-runs, an operator also acts)")
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
    @Operation(summary = "Orders, saga instances and TCC reservations that are not terminal and older than the threshold")
    @ApiResponse(responseCode = "200", description = "The stragglers, each with what is stuck and why")
    @ApiResponse(responseCode = "400", description = "olderThan not an ISO-8601 duration, limit outside 1–1000, or an invalid filter",
            content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below viewer", content = @Content)
    public StragglerFinder.Found stragglers(@Parameter(description = "ISO-8601 duration, e.g. PT30S")
                                            @RequestParam(defaultValue = "PT30S") String olderThan,
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
    @Operation(summary = "Start a compensation run (a dry run needs a viewer, a real run an operator)")
    @ApiResponse(responseCode = "202", description = "The run started: {runId}",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunStarted.class)))
    @ApiResponse(responseCode = "400", description = "Invalid input", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below viewer for a dry run, below operator for a real run", content = @Content)
    @ApiResponse(responseCode = "409", description = "request-in-progress: the same key while the first request is still running",
            content = @Content)
    @ApiResponse(responseCode = "422", description = "idempotency-key-reused: the same key with a different body", content = @Content)
    public ResponseEntity<String> startRun(
            @Parameter(description = "Optional: 1–128 visible ASCII characters; the same key and body starts one run only")
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
    @Operation(summary = "A compensation run: its progress, and per item what was found, what was done and the result")
    @ApiResponse(responseCode = "200", description = "The run: total, done, failed, parked, and its items")
    @ApiResponse(responseCode = "400", description = "Not a valid run id", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below viewer", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown run", content = @Content)
    public CompensationRuns.Run run(@PathVariable @Size(max = 40) String runId) {
        return runs.find(runId).orElseThrow(() -> Problems.notFound("Compensation run", runId));
    }

    @GetMapping("/compensation-runs")
    @Operation(summary = "The most recent compensation runs, newest first")
    @ApiResponse(responseCode = "200", description = "The runs")
    @ApiResponse(responseCode = "400", description = "A limit outside 1–200", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below viewer", content = @Content)
    public List<CompensationRuns.Run> recentRuns(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return runs.recent(limit);
    }

    /**
     * Reconciles now (the job does it on a schedule): the recently finished orders, or only {@code orderIds}, against
     * the participants' ledgers. Changes nothing, so a viewer may; the drifts are a dry run to review.
     */
    @PostMapping("/reconciliations")
    @Operation(summary = "Compare the ledgers now: changes nothing; drifts become a dry run to review")
    @ApiResponse(responseCode = "200", description = "The report: orders compared, drifts, and the dry run (runId) holding their "
            + "evidence and proposed compensation")
    @ApiResponse(responseCode = "400", description = "Invalid ids", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below viewer", content = @Content)
    public Reconciliation.Report reconcile(@Valid @RequestBody(required = false) ReconcileRequest body) {
        List<String> orderIds = body == null || body.orderIds() == null ? List.of() : body.orderIds();
        return reconciliation.reconcile(AdminCaller.name(), orderIds);
    }

    @PostMapping("/orders/{orderId}/force-cancel")
    @Operation(summary = "Force-cancel an order (operator, audited): it ends REJECTED, CANCELLED_BY_OPERATOR")
    @ApiResponse(responseCode = "200", description = "The outcome: {orderId, status, done}")
    @ApiResponse(responseCode = "400", description = "No reason", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below operator", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown order", content = @Content)
    @ApiResponse(responseCode = "409", description = "order-state-conflict, refused and audited REFUSED: the order is PAID, or its "
            + "transaction committed, is committing or is still undecided", content = @Content)
    public ForcedOutcomes.Outcome forceCancel(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
                                              @Valid @RequestBody ForceRequest body) {
        return audited("force-cancel", orderId, body, () -> forced.forceCancel(orderId, body.reason()));
    }

    @PostMapping("/orders/{orderId}/force-complete")
    @Operation(summary = "Force-complete an order (operator, audited): only if its payment was captured")
    @ApiResponse(responseCode = "200", description = "The outcome: {orderId, status, done}")
    @ApiResponse(responseCode = "400", description = "No reason", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below operator", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown order", content = @Content)
    @ApiResponse(responseCode = "409", description = "order-state-conflict: the payment was not captured", content = @Content)
    public ForcedOutcomes.Outcome forceComplete(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
                                                @Valid @RequestBody ForceRequest body) {
        return audited("force-complete", orderId, body, () -> forced.forceComplete(orderId, body.reason()));
    }

    @GetMapping("/audit")
    @Operation(summary = "The audit log: every operator action and every resolution the straggler job made")
    @ApiResponse(responseCode = "200", description = "The records")
    @ApiResponse(responseCode = "400", description = "A limit or target that is not valid", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below viewer", content = @Content)
    public List<AdminAudit.Record> audit(@RequestParam(required = false) @Size(max = 300) String target,
                                         @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return audit.recent(target, limit);
    }

    /** What the TC says of a global transaction ({@code Finished} once it no longer knows it). */
    @GetMapping("/transactions/{xid}")
    @Operation(summary = "What the TC says of a global transaction")
    @ApiResponse(responseCode = "200", description = "{xid, status}; status Finished once the TC no longer knows it")
    @ApiResponse(responseCode = "400", description = "Not a valid XID (over 128 characters)", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Below viewer", content = @Content)
    @ApiResponse(responseCode = "503", description = "The TC cannot be reached", content = @Content)
    public Map<String, String> transaction(@Parameter(description = "A Seata global transaction id (XID)")
                                           @PathVariable @Size(max = 128) String xid) {
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
