package dev.orderplatform.kit.idempotency;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * {@link IdempotencyStore} in MongoDB: one document per key in {@code idempotency_keys}, {@code _id} =
 * scope + key, so the unique {@code _id} index decides which concurrent request is first.
 */
public class MongoIdempotencyStore implements IdempotencyStore {

    public static final String COLLECTION = "idempotency_keys";

    private final MongoCollection<Document> keys;

    public MongoIdempotencyStore(MongoDatabase database) {
        this.keys = database.getCollection(COLLECTION);
        keys.createIndex(Indexes.ascending("createdAt")); // the storage pruning finds old keys by it
    }

    private static String id(String scope, String key) {
        return scope + "|" + key;
    }

    @Override
    public boolean insertIfAbsent(IdempotencyRecord record) {
        try {
            keys.insertOne(new Document("_id", id(record.scope(), record.key()))
                    .append("scope", record.scope())
                    .append("key", record.key())
                    .append("requestHash", record.requestHash())
                    .append("state", record.state().name())
                    .append("leaseUntil", Date.from(record.leaseUntil()))
                    .append("createdAt", Date.from(record.createdAt())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(String scope, String key) {
        return Optional.ofNullable(keys.find(eq("_id", id(scope, key))).first()).map(MongoIdempotencyStore::map);
    }

    @Override
    public boolean takeOver(String scope, String key, Instant seenLeaseUntil, Instant newLeaseUntil) {
        return keys.updateOne(
                and(eq("_id", id(scope, key)), eq("state", IdempotencyRecord.State.IN_PROGRESS.name()),
                        eq("leaseUntil", Date.from(seenLeaseUntil))),
                set("leaseUntil", Date.from(newLeaseUntil))).getModifiedCount() == 1;
    }

    @Override
    public void attachResource(String scope, String key, String resourceId) {
        keys.updateOne(eq("_id", id(scope, key)), set("resourceId", resourceId));
    }

    @Override
    public void complete(String scope, String key, int httpStatus, String responseBody, Instant completedAt) {
        keys.updateOne(eq("_id", id(scope, key)), combine(
                set("state", IdempotencyRecord.State.COMPLETED.name()),
                set("httpStatus", httpStatus),
                set("responseBody", responseBody),
                set("completedAt", Date.from(completedAt))));
    }

    @Override
    public boolean delete(String scope, String key, Instant createdAt) {
        return keys.deleteOne(and(eq("_id", id(scope, key)), eq("createdAt", Date.from(createdAt)))).getDeletedCount() == 1;
    }

    private static IdempotencyRecord map(Document doc) {
        return new IdempotencyRecord(
                doc.getString("scope"),
                doc.getString("key"),
                doc.getString("requestHash"),
                IdempotencyRecord.State.valueOf(doc.getString("state")),
                doc.getString("resourceId"),
                doc.getInteger("httpStatus"),
                doc.getString("responseBody"),
                doc.getDate("leaseUntil").toInstant(),
                doc.getDate("createdAt").toInstant());
    }
}
