package dev.orderplatform.payment.store;

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
     * Puts money into the wallet (opening it if needed) and writes the ledger row, in one transaction, at most once
     * per {@code topUpId}: a retry resuming the same top-up (the id its Idempotency-Key recorded) finds the row and
     * returns it. The key is kept on the row for the record only: keys are scoped to the caller and the wallet, so
     * the same key may top up another wallet.
     */
    @Transactional
    public TopUp topUp(String topUpId, String userId, long amountCents, String idempotencyKey) {
        TopUpRow existing = topUps.selectById(topUpId);
        if (existing != null) {
            return toTopUp(existing);
        }
        Instant now = clock.instant();
        TopUpRow row = new TopUpRow();
        row.topUpId = topUpId;
        row.userId = userId;
        row.amountCents = amountCents;
        row.idempotencyKey = idempotencyKey;
        row.createdAt = now;
        try {
            topUps.insert(row);
        } catch (DuplicateKeyException concurrent) {
            return toTopUp(topUps.selectById(topUpId));
        }
        wallets.openIfAbsent(userId, now);
        wallets.credit(userId, amountCents, now);
        return toTopUp(row);
    }

    private static TopUp toTopUp(TopUpRow row) {
        return new TopUp(row.topUpId, row.userId, row.amountCents, row.createdAt);
    }
}
