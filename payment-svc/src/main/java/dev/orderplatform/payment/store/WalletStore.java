package dev.orderplatform.payment.store;

import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.payment.domain.Wallet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Wallet reads and top-ups. */
@Component
public class WalletStore {

    private final WalletMapper wallets;
    private final TopUpMapper topUps;
    private final Clock clock;

    public WalletStore(WalletMapper wallets, TopUpMapper topUps, Clock clock) {
        this.wallets = wallets;
        this.topUps = topUps;
        this.clock = clock;
    }

    public Optional<Wallet> find(String userId) {
        return Optional.ofNullable(wallets.selectById(userId)).map(WalletRow::toWallet);
    }

    public record TopUp(String topUpId, String userId, long amountCents, Instant createdAt) {
    }

    /**
     * Puts money into the wallet (opening it if needed) and writes the ledger row, in one transaction.
     * The ledger row's unique Idempotency-Key makes a repeat of the same request a no-op that returns the
     * first top-up — the guard against a retry that takes over after a crash.
     */
    @Transactional
    public TopUp topUp(String userId, long amountCents, String idempotencyKey) {
        TopUpRow existing = topUps.findByKey(idempotencyKey);
        if (existing != null) {
            return toTopUp(existing);
        }
        Instant now = clock.instant();
        TopUpRow row = new TopUpRow();
        row.topUpId = Identifiers.newId("top");
        row.userId = userId;
        row.amountCents = amountCents;
        row.idempotencyKey = idempotencyKey;
        row.createdAt = now;
        try {
            topUps.insert(row);
        } catch (DuplicateKeyException concurrent) {
            return toTopUp(topUps.findByKey(idempotencyKey));
        }
        wallets.openIfAbsent(userId, now);
        wallets.credit(userId, amountCents, now);
        return toTopUp(row);
    }

    private static TopUp toTopUp(TopUpRow row) {
        return new TopUp(row.topUpId, row.userId, row.amountCents, row.createdAt);
    }
}
