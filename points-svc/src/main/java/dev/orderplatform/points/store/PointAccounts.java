package dev.orderplatform.points.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.orderplatform.points.domain.PointAccount;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The {@code point_accounts} collection: one document per user holding the counters and, under
 * {@code tccFence}, the fence records of the TCC branches and one-off operations that touched it.
 */
@Component
public class PointAccounts {

    public static final String COLLECTION = "point_accounts";

    private final MongoCollection<Document> accounts;

    public PointAccounts(MongoDatabase database) {
        this.accounts = database.getCollection(COLLECTION);
    }

    public MongoCollection<Document> collection() {
        return accounts;
    }

    public Optional<PointAccount> find(String userId) {
        return Optional.ofNullable(accounts.find(eq("_id", userId)).first()).map(PointAccounts::toAccount);
    }

    /** Freezing: balance → frozen. */
    public static Bson freeze(long points) {
        return combine(inc("balance", -points), inc("frozen", points));
    }

    /** Releasing a freeze: frozen → balance. */
    public static Bson unfreeze(long points) {
        return combine(inc("frozen", -points), inc("balance", points));
    }

    /** Completing an order: the frozen points are redeemed and the earned points credited. */
    public static Bson redeemAndEarn(long redeem, long earn) {
        return combine(inc("frozen", -redeem), inc("redeemed", redeem), inc("balance", earn), inc("earned", earn));
    }

    /** A grant by an operator. */
    public static Bson grant(long points) {
        return combine(inc("balance", points), inc("granted", points));
    }

    static PointAccount toAccount(Document doc) {
        return new PointAccount(doc.getString("_id"), count(doc, "balance"), count(doc, "frozen"),
                count(doc, "redeemed"), count(doc, "earned"), count(doc, "granted"));
    }

    /** Counters are created by their first $inc, so an absent one is zero. */
    private static long count(Document doc, String field) {
        Number value = doc.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }
}
