package dev.orderplatform.kit.tcc;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A TCC fence for MongoDB participants — what Seata's {@code useTCCFence} is for a MySQL participant.
 *
 * <p>Seata's fence needs the fence row and the business change in one local transaction. MongoDB (and the
 * local Mongo wire server) gives us no multi-document transactions, so the fence record lives <em>inside the
 * business document</em>, under {@value #FIELD}.{@code b<branchId>}, and every fence transition is the same
 * single-document atomic update as the business change it guards:
 * <ul>
 *   <li>Try: applies the change only if the branch has no record yet (and the business guard holds), and
 *       records it as {@code TRIED} — a second Try, or a Try after Cancel, finds a record and is refused;</li>
 *   <li>Confirm / Cancel: apply their change only while the record says {@code TRIED}, and move it on, so
 *       repeats and races apply nothing twice;</li>
 *   <li>Cancel without a Try records {@code SUSPENDED} (null compensation), which refuses the late Try
 *       (anti-hanging).</li>
 * </ul>
 * States and outcomes mirror Seata's fence, so both kinds of participant behave the same to the TC.
 */
public class MongoTccFence {

    public static final String FIELD = "tccFence";

    public enum State { TRIED, COMMITTED, ROLLBACKED, SUSPENDED }

    /** Outcome of phase one. */
    public enum TryResult {
        APPLIED,
        /** The global transaction's deadline had passed: nothing changed. */
        DEADLINE_PASSED,
        /** The business guard did not hold (e.g. not enough points); nothing changed. */
        GUARD_FAILED,
        /** No such document, and the Try was not allowed to create it. */
        NO_DOCUMENT,
        /** The branch already has a fence record: repeated Try, or Try after Cancel. Nothing changed. */
        FENCED
    }

    /** A branch of a global transaction, as Seata names it, and the TCC action it runs. */
    public record Branch(String action, String xid, long branchId) {
        String key() {
            return "b" + branchId;
        }
    }

    private static final int MAX_ROUNDS = 8;

    private final Clock clock;
    private final TccMetrics metrics;

    public MongoTccFence(Clock clock, TccMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Phase one.
     *
     * @param deadline        the global transaction's deadline: past it the Try changes nothing
     * @param guard           condition the document must meet (e.g. enough balance), or null
     * @param effect          the reservation, e.g. {@code $inc balance -n, frozen +n}
     * @param data            what phase two will need (amounts, order id); stored in the fence record
     * @param createIfMissing upsert the document when absent — only when {@code guard} is null, since a
     *                        guard on a document that does not exist cannot hold
     */
    public TryResult tryApply(MongoCollection<Document> collection, Object id, Branch branch, Instant deadline,
                              Bson guard, Bson effect, Document data, boolean createIfMissing) {
        long started = System.nanoTime();
        TryResult result = attemptTry(collection, id, branch, deadline, guard, effect, data, createIfMissing);
        metrics.record(branch.action(), "try", switch (result) {
            case APPLIED -> TccMetrics.Outcome.TRIED;
            case DEADLINE_PASSED -> TccMetrics.Outcome.DEADLINE_REFUSED;
            case FENCED -> TccMetrics.Outcome.HANGING_REFUSED;
            case GUARD_FAILED, NO_DOCUMENT -> TccMetrics.Outcome.REFUSED;
        }, started);
        return result;
    }

    private TryResult attemptTry(MongoCollection<Document> collection, Object id, Branch branch, Instant deadline,
                                 Bson guard, Bson effect, Document data, boolean createIfMissing) {
        if (createIfMissing && guard != null) {
            throw new IllegalArgumentException("a guarded Try cannot create its document");
        }
        if (!clock.instant().isBefore(deadline)) {
            return TryResult.DEADLINE_PASSED;
        }
        List<Bson> conditions = new ArrayList<>(List.of(eq("_id", id), exists(path(branch), false)));
        if (guard != null) {
            conditions.add(guard);
        }
        Bson update = combine(effect, set(path(branch), record(State.TRIED, branch, data)));
        try {
            UpdateResult result = collection.updateOne(and(conditions), update, new UpdateOptions().upsert(createIfMissing));
            if (result.getMatchedCount() == 1 || result.getUpsertedId() != null) {
                return TryResult.APPLIED;
            }
        } catch (MongoWriteException e) {
            // an upsert that collides with the existing document: the document exists but did not match
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document current = collection.find(eq("_id", id)).projection(Projections.include(path(branch))).first();
        if (current == null) {
            return TryResult.NO_DOCUMENT;
        }
        return fenceRecord(current, branch) != null ? TryResult.FENCED : TryResult.GUARD_FAILED;
    }

    /**
     * Phase two, commit. {@code true} when the branch is (now or already) committed; {@code false} when it
     * was rolled back — the same answer Seata's fence gives, which makes the TC retry and surface it.
     *
     * @param effect the change, computed from the data the Try recorded
     * @throws IllegalStateException if there is no Try record (the TC retries; Seata behaves the same)
     */
    public boolean confirm(MongoCollection<Document> collection, Object id, Branch branch, Function<Document, Bson> effect) {
        return timed(branch, "confirm", () -> attemptConfirm(collection, id, branch, effect));
    }

    private TccMetrics.Outcome attemptConfirm(MongoCollection<Document> collection, Object id, Branch branch,
                                              Function<Document, Bson> effect) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Document fence = fenceRecord(collection.find(eq("_id", id)).first(), branch);
            if (fence == null) {
                throw new IllegalStateException("No Try record for " + branch + "; cannot confirm");
            }
            State state = State.valueOf(fence.getString("state"));
            if (state == State.COMMITTED) {
                return TccMetrics.Outcome.NO_EFFECT;
            }
            if (state != State.TRIED) {
                return null; // rolled back or suspended: a Confirm in the other direction does nothing
            }
            if (transition(collection, id, branch, State.COMMITTED, effect.apply(fence.get("data", Document.class)))) {
                return TccMetrics.Outcome.CONFIRMED;
            }
        }
        throw new IllegalStateException("Confirm of " + branch + " kept losing races; the TC will retry");
    }

    /**
     * Phase two, rollback. {@code true} when the branch is (now or already) rolled back, including a Cancel
     * that came before or without its Try (recorded as {@code SUSPENDED}); {@code false} if it was committed.
     *
     * @param compensation the undo of the Try's effect, computed from the data the Try recorded
     */
    public boolean cancel(MongoCollection<Document> collection, Object id, Branch branch, Function<Document, Bson> compensation) {
        return timed(branch, "cancel", () -> attemptCancel(collection, id, branch, compensation));
    }

    private TccMetrics.Outcome attemptCancel(MongoCollection<Document> collection, Object id, Branch branch,
                                             Function<Document, Bson> compensation) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Document fence = fenceRecord(collection.find(eq("_id", id)).first(), branch);
            if (fence == null) {
                if (recordNullCompensation(collection, id, branch)) {
                    return TccMetrics.Outcome.NULL_COMPENSATED;
                }
                continue; // the Try got there first: look again
            }
            State state = State.valueOf(fence.getString("state"));
            if (state == State.ROLLBACKED || state == State.SUSPENDED) {
                return TccMetrics.Outcome.NO_EFFECT;
            }
            if (state == State.COMMITTED) {
                return null; // committed: a Cancel in the other direction does nothing
            }
            if (transition(collection, id, branch, State.ROLLBACKED, compensation.apply(fence.get("data", Document.class)))) {
                return TccMetrics.Outcome.CANCELLED;
            }
        }
        throw new IllegalStateException("Cancel of " + branch + " kept losing races; the TC will retry");
    }

    /**
     * A one-phase change applied at most once per {@code operationKey} (e.g. an admin grant keyed by its
     * Idempotency-Key), recorded in the same fence map. {@code true} if applied now, {@code false} if it
     * had been applied before.
     */
    public boolean applyOnce(MongoCollection<Document> collection, Object id, String operationKey, Bson effect,
                             Document data) {
        String path = FIELD + ".o" + operationKey;
        Date now = Date.from(clock.instant());
        Document record = new Document("state", State.COMMITTED.name()).append("data", data)
                .append("createdAt", now).append("updatedAt", now);
        try {
            UpdateResult result = collection.updateOne(and(eq("_id", id), exists(path, false)),
                    combine(effect, set(path, record)), new UpdateOptions().upsert(true));
            return result.getMatchedCount() == 1 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // the document exists and already carries this operation
            }
            throw e;
        }
    }

    /**
     * Runs a phase two and records its outcome; {@code true} unless it went in the other direction (null),
     * which is what Seata's fence answers too (the TC then keeps the branch failed and visible).
     */
    private boolean timed(Branch branch, String phase, Supplier<TccMetrics.Outcome> attempt) {
        long started = System.nanoTime();
        try {
            TccMetrics.Outcome outcome = attempt.get();
            metrics.record(branch.action(), phase, outcome == null ? TccMetrics.Outcome.NO_EFFECT : outcome, started);
            return outcome != null;
        } catch (RuntimeException e) {
            metrics.record(branch.action(), phase, TccMetrics.Outcome.FAILED, started);
            throw e;
        }
    }

    /**
     * Publishes how many branches of each action are tried and not yet confirmed or cancelled in
     * {@code collection}, and since when (scans the documents that carry fence records).
     */
    public void publishInDoubt(MongoCollection<Document> collection) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        forEachStored(collection, stored -> {
            Document fence = stored.record();
            String action = fence.getString("action");
            if (action == null) {
                return; // one-off operation markers
            }
            counts.putIfAbsent(action, 0L);
            if (State.TRIED.name().equals(fence.getString("state"))) {
                counts.merge(action, 1L, Long::sum);
                Instant created = fence.getDate("createdAt").toInstant();
                oldest.merge(action, created, (a, b) -> a.isBefore(b) ? a : b);
            }
        });
        counts.forEach((action, count) -> metrics.inDoubt(action, count, oldest.get(action), clock.instant()));
    }

    /** A branch still tried, in the document {@code documentId}: what its Try recorded and when. */
    public record Tried(Object documentId, Branch branch, Document data, Instant triedAt) {
    }

    /** The branches of {@code action} tried before {@code before} and still in doubt in {@code collection}, oldest first. */
    public List<Tried> triedBefore(MongoCollection<Document> collection, String action, Instant before, int limit) {
        List<Tried> tried = new ArrayList<>();
        forEachStored(collection, stored -> {
            Document record = stored.record();
            Instant createdAt = record.getDate("createdAt") == null ? null : record.getDate("createdAt").toInstant();
            if (action.equals(record.getString("action")) && State.TRIED.name().equals(record.getString("state"))
                    && createdAt != null && createdAt.isBefore(before) && stored.isBranch()) {
                tried.add(new Tried(stored.holder(), stored.branch(), record.get("data", Document.class), createdAt));
            }
        });
        return tried.stream().sorted(Comparator.comparing(Tried::triedAt)).limit(limit).toList();
    }

    /** A branch's fence record as it is now: the document holding it, the branch, its state and the Try's data. */
    public record Held(Object holder, Branch branch, State state, Document data) {
    }

    /**
     * The branch records of {@code collection} whose Try data has {@code dataField} equal to one of {@code values}
     * (e.g. the orders reconciliation asks about); a scan, like {@link #triedBefore}.
     */
    public List<Held> recordsWithData(MongoCollection<Document> collection, String dataField, Collection<String> values) {
        Set<String> wanted = Set.copyOf(values);
        List<Held> held = new ArrayList<>();
        forEachStored(collection, stored -> {
            Document data = stored.record().get("data", Document.class);
            String value = data == null ? null : data.getString(dataField);
            if (stored.isBranch() && value != null && wanted.contains(value)) {
                held.add(new Held(stored.holder(), stored.branch(), State.valueOf(stored.record().getString("state")), data));
            }
        });
        return held;
    }

    /** One fence record as stored: the document holding it, its key in the fence sub-document, the record itself. */
    private record Stored(Object holder, String key, Document record) {

        /** Branch records are keyed {@code b<branchId>}; other keys are one-off operation markers. */
        boolean isBranch() {
            return key.startsWith("b");
        }

        Branch branch() {
            return new Branch(record.getString("action"), record.getString("xid"), Long.parseLong(key.substring(1)));
        }
    }

    /**
     * Every fence record of {@code collection}, one at a time: a scan of the documents that carry fence records (the
     * records are keys of a sub-document, which no index reaches). The in-doubt metrics, the in-doubt listing and
     * the ledger lookup all read the records this one way.
     */
    private static void forEachStored(MongoCollection<Document> collection, Consumer<Stored> visit) {
        for (Document doc : collection.find(exists(FIELD, true)).projection(Projections.include(FIELD))) {
            for (Map.Entry<String, Object> entry : doc.get(FIELD, Document.class).entrySet()) {
                visit.accept(new Stored(doc.get("_id"), entry.getKey(), (Document) entry.getValue()));
            }
        }
    }

    /** The id of the document holding {@code branch}'s fence record, if any. */
    public Optional<Object> holderOf(MongoCollection<Document> collection, Branch branch) {
        Document holder = collection.find(eq(path(branch) + ".xid", branch.xid())).projection(Projections.include("_id")).first();
        return Optional.ofNullable(holder).map(doc -> doc.get("_id"));
    }

    /**
     * Deletes the finished fence records of {@code collection}: branch records (committed, rolled back,
     * suspended) last changed before {@code horizon}, one-off records before {@code oneOffHorizon}. Records
     * still in doubt are never touched; each is removed only if it is still the record that was read.
     */
    public int deleteFinished(MongoCollection<Document> collection, Instant horizon, Instant oneOffHorizon) {
        int deleted = 0;
        for (Document doc : collection.find(exists(FIELD, true)).projection(Projections.include(FIELD))) {
            for (Map.Entry<String, Object> entry : doc.get(FIELD, Document.class).entrySet()) {
                Document record = (Document) entry.getValue();
                String state = record.getString("state");
                Date updatedAt = record.getDate("updatedAt");
                Instant limit = entry.getKey().startsWith("o") ? oneOffHorizon : horizon;
                if (State.TRIED.name().equals(state) || updatedAt == null || !updatedAt.toInstant().isBefore(limit)) {
                    continue;
                }
                String path = FIELD + "." + entry.getKey();
                deleted += (int) collection.updateOne(
                        and(eq("_id", doc.get("_id")), eq(path + ".state", state), eq(path + ".updatedAt", updatedAt)),
                        unset(path)).getModifiedCount();
            }
        }
        return deleted;
    }

    /** The fence record of {@code branch} in {@code document}, or null. */
    public static Document fenceRecord(Document document, Branch branch) {
        if (document == null) {
            return null;
        }
        Document fence = document.get(FIELD, Document.class);
        return fence == null ? null : fence.get(branch.key(), Document.class);
    }

    private boolean transition(MongoCollection<Document> collection, Object id, Branch branch, State to, Bson effect) {
        UpdateResult result = collection.updateOne(
                and(eq("_id", id), eq(path(branch) + ".state", State.TRIED.name())),
                combine(effect, set(path(branch) + ".state", to.name()), set(path(branch) + ".updatedAt", Date.from(clock.instant()))));
        return result.getModifiedCount() == 1;
    }

    private boolean recordNullCompensation(MongoCollection<Document> collection, Object id, Branch branch) {
        try {
            UpdateResult result = collection.updateOne(and(eq("_id", id), exists(path(branch), false)),
                    set(path(branch), record(State.SUSPENDED, branch, new Document())), new UpdateOptions().upsert(true));
            return result.getMatchedCount() == 1 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private Document record(State state, Branch branch, Document data) {
        Date now = Date.from(clock.instant());
        return new Document("state", state.name())
                .append("action", branch.action())
                .append("xid", branch.xid())
                .append("data", data)
                .append("createdAt", now)
                .append("updatedAt", now);
    }

    private static String path(Branch branch) {
        return FIELD + "." + branch.key();
    }
}
