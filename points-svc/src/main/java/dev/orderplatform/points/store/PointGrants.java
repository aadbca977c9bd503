package dev.orderplatform.points.store;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.orderplatform.kit.tcc.MongoTccFence;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Grants by operators. The {@code point_grants} ledger document is written first, under the grant's id (which the
 * request's Idempotency-Key recorded before), then applied to the account at most once through the fence's one-off
 * operation record keyed by that id. A crash between the two steps is finished by the retry of the same request,
 * which resumes the same grant id, finds the ledger entry and applies it (the fence record prevents applying it
 * twice). The key is kept on the entry for the record only: keys are scoped to the caller and the account, so the
 * same key may grant points to another account.
 */
@Component
public class PointGrants {

    public static final String COLLECTION = "point_grants";

    private final MongoCollection<Document> grants;
    private final PointAccounts accounts;
    private final MongoTccFence fence;
    private final Clock clock;

    public PointGrants(MongoDatabase database, PointAccounts accounts, MongoTccFence fence, Clock clock) {
        this.grants = database.getCollection(COLLECTION);
        this.accounts = accounts;
        this.fence = fence;
        this.clock = clock;
    }

    /** Indexes are created at startup; creating an existing index is a no-op. */
    @PostConstruct
    void createIndexes() {
        dropUniqueKeyIndex();
        grants.createIndex(Indexes.ascending("userId"), new IndexOptions().name("idx_grants_user"));
    }

    /** Before keys were scoped, a key was unique across all accounts; an account may now reuse another's key. */
    private void dropUniqueKeyIndex() {
        for (Document index : grants.listIndexes()) {
            if ("uk_grants_key".equals(index.getString("name"))) {
                try {
                    grants.dropIndex("uk_grants_key");
                } catch (MongoCommandException droppedMeanwhile) {
                    // another instance starting at the same time dropped it first
                }
            }
        }
    }

    public record Grant(String grantId, String userId, long points, String reason, Instant createdAt) {
    }

    public Grant grant(String grantId, String userId, long points, String reason, String idempotencyKey) {
        Document entry = grants.find(eq("_id", grantId)).first();
        if (entry == null) {
            entry = new Document("_id", grantId)
                    .append("userId", userId)
                    .append("points", points)
                    .append("reason", reason)
                    .append("idempotencyKey", idempotencyKey)
                    .append("createdAt", Date.from(clock.instant()));
            try {
                grants.insertOne(entry);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                entry = grants.find(eq("_id", grantId)).first(); // a concurrent attempt at the same grant wrote it
            }
        }
        Grant grant = new Grant(entry.getString("_id"), entry.getString("userId"), entry.get("points", Number.class).longValue(),
                entry.getString("reason"), entry.getDate("createdAt").toInstant());
        fence.applyOnce(accounts.collection(), grant.userId(), grant.grantId(), PointAccounts.grant(grant.points()),
                new Document("grantId", grant.grantId()));
        return grant;
    }
}
