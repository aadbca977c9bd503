package dev.orderplatform.kit.retention;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link RetainedStore}s in a MongoDB database. */
public final class MongoRetainedStores {

    private MongoRetainedStores() {
    }

    /** Documents of {@code collection} matching {@code finished} whose {@code timeField} is older than the cut-off. */
    public static RetainedStore documents(String name, MongoCollection<Document> collection, Bson finished, String timeField) {
        return RetainedStore.of(name, (before, limit) -> {
            List<Object> ids = new ArrayList<>();
            collection.find(and(finished, lt(timeField, Date.from(before)))).sort(Sorts.ascending(timeField))
                    .projection(Projections.include("_id")).limit(limit).forEach(doc -> ids.add(doc.get("_id")));
            if (ids.isEmpty()) {
                return 0;
            }
            // the time condition again: a document re-created under the same id since the read is not old
            return (int) collection.deleteMany(and(in("_id", ids), lt(timeField, Date.from(before)))).getDeletedCount();
        });
    }
}
