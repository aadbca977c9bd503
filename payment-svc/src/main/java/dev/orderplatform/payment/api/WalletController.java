package dev.orderplatform.payment.api;

import dev.orderplatform.kit.idempotency.IdempotencyScope;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.security.AdminCaller;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.payment.domain.Wallet;
import dev.orderplatform.payment.store.WalletStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
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

/** Public wallet API (docs/api.md, payment-svc). */
@RestController
@RequestMapping("/api/wallets")
@Tag(name = "wallets", description = "Users' wallets: balance and frozen money; top-ups by an admin")
public class WalletController {

    private static final String TOP_UP_SCOPE = "POST /api/wallets/{userId}/top-ups";

    private final WalletStore wallets;
    private final IdempotentRequests idempotent;

    public WalletController(WalletStore wallets, IdempotentRequests idempotent) {
        this.wallets = wallets;
        this.idempotent = idempotent;
    }

    public record WalletView(String userId, long balanceCents, long frozenCents) {
        static WalletView of(Wallet wallet) {
            return new WalletView(wallet.userId(), wallet.balanceCents(), wallet.frozenCents());
        }
    }

    public record TopUpRequest(@NotNull @Positive @Max(Identifiers.MAX_AMOUNT) Long amountCents) {
    }

    /** What a top-up answers: the ledger entry and the wallet right after it. */
    public record TopUpView(String topUpId, String userId, long amountCents, Instant createdAt, WalletView wallet) {
    }

    /** The request as fingerprinted for Idempotency-Key comparison: the user is part of it. */
    record TopUpFingerprint(String userId, long amountCents) {
    }

    @GetMapping("/{userId}")
    @Operation(summary = "A user's wallet")
    @ApiResponse(responseCode = "200", description = "The wallet: balanceCents and frozenCents")
    @ApiResponse(responseCode = "400", description = "Not a valid user id", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown wallet", content = @Content)
    public WalletView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId) {
        return wallets.find(userId).map(WalletView::of).orElseThrow(() -> Problems.notFound("Wallet", userId));
    }

    @PostMapping("/{userId}/top-ups")
    @Operation(summary = "Top up a wallet (admin)")
    @ApiResponse(responseCode = "201", description = "The top-up, with the wallet right after it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TopUpView.class)))
    @ApiResponse(responseCode = "400", description = "Invalid input", content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "Not the admin role", content = @Content)
    @ApiResponse(responseCode = "409", description = "request-in-progress: the same key while the first request is still running",
            content = @Content)
    @ApiResponse(responseCode = "422", description = "idempotency-key-reused: the same key with a different body", content = @Content)
    public ResponseEntity<String> topUp(
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId,
            @Parameter(description = "1–128 visible ASCII characters, scoped to the admin token and the user; the same key and body "
                    + "replays the first answer")
            @RequestHeader("Idempotency-Key") @Pattern(regexp = Identifiers.IDEMPOTENCY_KEY_PATTERN,
                    message = Identifiers.IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey,
            @Valid @RequestBody TopUpRequest body) {
        IdempotencyScope scope = IdempotencyScope.of(TOP_UP_SCOPE).by(AdminCaller.name()).on(userId);
        return idempotent.handle(scope, idempotencyKey, new TopUpFingerprint(userId, body.amountCents()),
                Duration.ofSeconds(10), null, (resumed, attach) -> {
                    // the top-up's id is recorded with the key before the money moves: a retry that takes over after
                    // a crash makes this same top-up (at most once, by its primary key), never a second one
                    String topUpId = resumed != null ? resumed : Identifiers.newId("top");
                    attach.accept(topUpId);
                    WalletStore.TopUp topUp = wallets.topUp(topUpId, userId, body.amountCents(), idempotencyKey);
                    WalletView wallet = wallets.find(userId).map(WalletView::of).orElseThrow();
                    return new IdempotentRequests.Outcome(HttpStatus.CREATED,
                            new TopUpView(topUp.topUpId(), userId, topUp.amountCents(), topUp.createdAt(), wallet),
                            topUp.topUpId());
                });
    }
}
