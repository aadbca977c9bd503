package dev.orderplatform.points.api;

import dev.orderplatform.kit.idempotency.IdempotencyScope;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.security.AdminCaller;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.points.domain.PointAccount;
import dev.orderplatform.points.store.PointAccounts;
import dev.orderplatform.points.store.PointGrants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public points API (docs/api.md, points-svc). */
@RestController
@RequestMapping("/api/points")
@Tag(name = "points", description = "Users' points accounts: balance and frozen points; grants by an admin")
public class PointsController {

    private static final String GRANT_SCOPE = "POST /api/points/{userId}/grants";

    private final PointAccounts accounts;
    private final PointGrants grants;
    private final IdempotentRequests idempotent;

    public PointsController(PointAccounts accounts, PointGrants grants, IdempotentRequests idempotent) {
        this.accounts = accounts;
        this.grants = grants;
        this.idempotent = idempotent;
    }

    public record PointsView(String userId, long balance, long frozen) {
        static PointsView of(PointAccount account) {
            return new PointsView(account.userId(), account.balance(), account.frozen());
        }
    }

    public record GrantRequest(
            @NotNull @Positive @Max(Identifiers.MAX_AMOUNT) Long points,
            @NotBlank @Size(max = 200) String reason) {
    }

    public record GrantView(String grantId, String userId, long points, String reason, Instant createdAt, PointsView account) {
    }

    /** The request as fingerprinted for Idempotency-Key comparison: the user is part of it. */
    record GrantFingerprint(String userId, long points, String reason) {
    }

    @GetMapping("/{userId}")
    @Operation(summary = "A user's points account")
    @ApiResponse(responseCode = "200", description = "The account: balance and frozen")
    @ApiResponse(responseCode = "400", description = "Not a valid user id", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown account", content = @Content)
    public PointsView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId) {
        return accounts.find(userId).map(PointsView::of).orElseThrow(() -> Problems.notFound("Points account", userId));
    }

    @PostMapping("/{userId}/grants")
    @Operation(summary = "Grant points to a user (admin)")
    @ApiResponse(responseCode = "201", description = "The grant, with the account right after it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = GrantView.class)))
    @ApiResponse(responseCode = "400", description = "Invalid input", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Not the admin role", content = @Content)
    @ApiResponse(responseCode = "409", description = "request-in-progress: the same key while the first request is still running",
            content = @Content)
    @ApiResponse(responseCode = "422", description = "idempotency-key-reused: the same key with a different body", content = @Content)
    public ResponseEntity<String> grant(
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId,
            @Parameter(description = "1–128 visible ASCII characters, scoped to the admin token and the user; the same key and body "
                    + "replays the first answer")
            @RequestHeader("Idempotency-Key") @Pattern(regexp = Identifiers.IDEMPOTENCY_KEY_PATTERN,
                    message = Identifiers.IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey,
            @Valid @RequestBody GrantRequest body) {
        IdempotencyScope scope = IdempotencyScope.of(GRANT_SCOPE).by(AdminCaller.name()).on(userId);
        return idempotent.handle(scope, idempotencyKey, new GrantFingerprint(userId, body.points(), body.reason()),
                Duration.ofSeconds(10), null, (resumed, attach) -> {
                    // the grant's id is recorded with the key before the points move: a retry that takes over after a
                    // crash finishes this same grant (applied once, by its id), never a second one
                    String grantId = resumed != null ? resumed : Identifiers.newId("grant");
                    attach.accept(grantId);
                    PointGrants.Grant grant = grants.grant(grantId, userId, body.points(), body.reason(), idempotencyKey);
                    PointsView account = accounts.find(userId).map(PointsView::of).orElseThrow();
                    return new IdempotentRequests.Outcome(HttpStatus.CREATED, new GrantView(grant.grantId(), userId,
                            grant.points(), grant.reason(), grant.createdAt(), account), grant.grantId());
                });
    }
}
