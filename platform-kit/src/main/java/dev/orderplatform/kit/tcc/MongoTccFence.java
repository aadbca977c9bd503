package dev.orderplatform.kit.tcc;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A TCC fence for MongoDB participants — what Seata's {@code useTCCFence} is for a MySQL participant.
 *
 * <p>Each branch has one fence record, a document of its own in {@value #COLLECTION} keyed by
 * {@code <action>/<branchId>}: its state ({@code TRIED}, {@code COMMITTED}, {@code ROLLBACKED}, {@code SUSPENDED}), the
 * business document it holds ({@code holder}) and what the Try recorded for phase two ({@code data}). Every fence
 * operation reads and writes it by {@code _id}.
 *
 * <p>MongoDB (and the local Mongo wire server) gives us no multi-document transactions, so the record and the business
 * change cannot commit together. What makes them agree is a per-branch marker in the business document itself,
 * {@value #PENDING}{@code .b<branchId>}, written by the same single-document update as the business change:
 * <ul>
 *   <li>Try: inserts the record ({@code TRIED}; a second Try, or a Try after a Cancel, finds it and is refused), then
 *       applies its change only where the business guard holds and the branch has no marker, setting the marker to
 *       {@code TRIED};</li>
 *   <li>Confirm / Cancel: apply their change only while the marker says {@code TRIED}, in the same update turning it
 *       to {@code COMMITTED} or {@code ROLLBACKED}, then move the record on — a repeat finds no {@code TRIED} marker
 *       and applies nothing twice, and the marker says which way an interrupted one went;</li>
 *   <li>a Cancel that finds the record {@code TRIED} but no marker (the Try has not reached its business update yet)
 *       sets the marker to {@code SUSPENDED}, which that late update can no longer pass;</li>
 *   <li>a Try that fails (guard, no document) removes its record, as Seata's fence row rolls back with a failed Try;
 *       a Cancel without a record records {@code SUSPENDED} (null compensation), which refuses a late Try
 *       (anti-hanging).</li>
 * </ul>
 * A repeated Try finds the record: refused, unless it is still {@code TRIED} with no marker (an earlier attempt died
 * between its two writes), when it makes the business update itself — the marker lets it apply once. So a business
 * document carries a branch's marker from its Try until the cleanup removes the record (the fence horizon), and
 * nothing of the branches it took part in after that. States and outcomes mirror Seata's fence, so both kinds of
 * participant behave the same to the TC.
 *
 * <p>One-off operations ({@link #applyOnce}, e.g. an admin grant) keep their record inside the business document
 * under {@value #FIELD}{@code .o<key>}: there is no phase two, so the record and the change are one update.
 */
public class MongoTccFence {

    /** The collection of branch records, in the participant's database. */
    public static final String COLLECTION = "tcc_fence";
    /** Where a business document keeps the markers of its branches in flight. */
    public static final String PENDING = "tccPending";
    /** Where a business document keeps its one-off operation records. */
    public static final String FIELD = "tccFence";

    public enum State { TRIED, COMMITTED, ROLLBACKED, SUSPENDED }

    /**
     * A branch's marker in its business document: its Try applied ({@code TRIED}), then its Confirm applied
     * ({@code COMMITTED}) or its Cancel undid it ({@code ROLLBACKED}); or its Cancel came while nothing was applied
     * ({@code SUSPENDED}), which also keeps a Try still on its way from applying anything.
     */
    private enum Marker {
        TRIED, COMMITTED, ROLLBACKED, SUSPENDED;

        State state() {
            return State.valueOf(name());
        }
    }

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
        /** The fence record's {@code _id}. */
        public String recordId() {
            return action + "/" + branchId;
        }

        String markerPath() {
            return PENDING + ".b" + branchId;
        }
    }

    private static final int MAX_ROUNDS = 8;

    private final MongoCollection<Document> records;
    private final Clock clock;
    private final TccMetrics metrics;
    private final Set<String> indexedDataFields = ConcurrentHashMap.newKeySet();

    public MongoTccFence(MongoDatabase database, Clock clock, TccMetrics metrics) {
        this.records = database.getCollection(COLLECTION);
        this.clock = clock;
        this.metrics = metrics;
        // the in-doubt listing and gauges, and the cleanup, find records by state and age
        records.createIndex(Indexes.ascending("state", "action", "createdAt"));
        records.createIndex(Indexes.ascending("state", "updatedAt"));
    }

    /** The branch records, for tests and operators. */
    public MongoCollection<Document> records() {
        return records;
    }

    /**
     * Phase one.
     *
     * @param collection      the business collection
     * @param id              the business document's id
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
        if (!insertRecord(branch, id, State.TRIED, data) && stateOf(branch) != State.TRIED) {
            return TryResult.FENCED; // cancelled before it was tried, or finished
        }
        // a record still TRIED is this Try's, or an earlier attempt's at the same branch (a saga step retried after its
        // process died between the two writes): the marker below lets the change apply once, whoever gets there first
        List<Bson> conditions = new ArrayList<>(List.of(eq("_id", id), exists(branch.markerPath(), false)));
        if (guard != null) {
            conditions.add(guard);
        }
        try {
            UpdateResult result = collection.updateOne(and(conditions), combine(effect, set(branch.markerPath(), Marker.TRIED.name())),
                    new UpdateOptions().upsert(createIfMissing));
            if (result.getMatchedCount() == 1 || result.getUpsertedId() != null) {
                return TryResult.APPLIED;
            }
        } catch (MongoWriteException e) {
            // an upsert that collides with the existing document: the document exists but did not match
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document current = collection.find(eq("_id", id)).projection(Projections.include(branch.markerPath())).first();
        Marker marker = current == null ? null : marker(current, branch);
        if (marker != null) {
            if (marker == Marker.SUSPENDED) {
                transition(branch, State.SUSPENDED); // a Cancel came between the two writes and marked the document
            }
            return TryResult.FENCED; // (or an earlier attempt at this branch applied it)
        }
        // nothing applied: the record goes, as Seata's fence row rolls back with a failed Try; its Cancel then finds
        // none and records SUSPENDED
        records.deleteOne(and(eq("_id", branch.recordId()), eq("state", State.TRIED.name())));
        return current == null ? TryResult.NO_DOCUMENT : TryResult.GUARD_FAILED;
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
            Document record = record(branch);
            if (record == null) {
                throw new IllegalStateException("No Try record for " + branch + "; cannot confirm");
            }
            State state = State.valueOf(record.getString("state"));
            if (state == State.COMMITTED) {
                return TccMetrics.Outcome.NO_EFFECT;
            }
            if (state != State.TRIED) {
                return null; // rolled back or suspended: a Confirm in the other direction does nothing
            }
            if (settle(collection, id, branch, effect.apply(record.get("data", Document.class)), Marker.COMMITTED)) {
                transition(branch, State.COMMITTED);
                return TccMetrics.Outcome.CONFIRMED;
            }
            // no TRIED marker: an earlier phase two stopped before moving the record on (its marker says which way)
            Marker marker = marker(collection, id, branch);
            if (marker == null) {
                throw new IllegalStateException("The Try of " + branch + " applied nothing; cannot confirm");
            }
            if (marker != Marker.TRIED) {
                transition(branch, marker.state());
                return marker == Marker.COMMITTED ? TccMetrics.Outcome.NO_EFFECT : null;
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
            Document record = record(branch);
            if (record == null) {
                if (insertRecord(branch, id, State.SUSPENDED, new Document())) {
                    return TccMetrics.Outcome.NULL_COMPENSATED;
                }
                continue; // the Try got there first: look again
            }
            State state = State.valueOf(record.getString("state"));
            if (state == State.ROLLBACKED || state == State.SUSPENDED) {
                return TccMetrics.Outcome.NO_EFFECT;
            }
            if (state == State.COMMITTED) {
                return null; // committed: a Cancel in the other direction does nothing
            }
            if (settle(collection, id, branch, compensation.apply(record.get("data", Document.class)), Marker.ROLLBACKED)) {
                transition(branch, State.ROLLBACKED);
                return TccMetrics.Outcome.CANCELLED;
            }
            // no TRIED marker: an earlier phase two stopped before moving the record on (its marker says which way), or
            // the Try has not reached its business update yet (no marker): nothing to undo, and the SUSPENDED marker
            // keeps that update from applying anything
            Marker marker = marker(collection, id, branch);
            if (marker == Marker.TRIED) {
                continue; // the Try's update landed just now: undo it
            }
            if (marker == Marker.COMMITTED) {
                transition(branch, State.COMMITTED);
                return null; // committed: a Cancel in the other direction does nothing
            }
            if (marker == null && !markSuspended(collection, id, branch)) {
                continue;
            }
            State to = marker == Marker.ROLLBACKED ? State.ROLLBACKED : State.SUSPENDED;
            if (!transition(branch, to) && record(branch) == null) {
                insertRecord(branch, id, State.SUSPENDED, new Document()); // the failed Try removed its record meanwhile
            }
            return marker == null ? TccMetrics.Outcome.NULL_COMPENSATED : TccMetrics.Outcome.NO_EFFECT;
        }
        throw new IllegalStateException("Cancel of " + branch + " kept losing races; the TC will retry");
    }

    /**
     * A one-phase change applied at most once per {@code operationKey} (e.g. an admin grant keyed by its
     * grant id), recorded in the business document with the change. {@code true} if applied now, {@code false} if it
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

    /** Publishes how many branches of each action are tried and not yet confirmed or cancelled, and since when. */
    public void publishInDoubt() {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        records.distinct("action", String.class).forEach(action -> counts.put(action, 0L));
        for (Document record : records.find(eq("state", State.TRIED.name())).projection(Projections.include("action", "createdAt"))) {
            String action = record.getString("action");
            counts.merge(action, 1L, Long::sum);
            oldest.merge(action, record.getDate("createdAt").toInstant(), (a, b) -> a.isBefore(b) ? a : b);
        }
        counts.forEach((action, count) -> metrics.inDoubt(action, count, oldest.get(action), clock.instant()));
    }

    /** A branch still tried, in the document {@code documentId}: what its Try recorded and when. */
    public record Tried(Object documentId, Branch branch, Document data, Instant triedAt) {
    }

    /** The branches of {@code action} tried before {@code before} and still in doubt, oldest first. */
    public List<Tried> triedBefore(String action, Instant before, int limit) {
        List<Tried> tried = new ArrayList<>();
        records.find(and(eq("state", State.TRIED.name()), eq("action", action), lt("createdAt", Date.from(before))))
                .sort(Sorts.ascending("createdAt")).limit(limit)
                .forEach(record -> tried.add(new Tried(record.get("holder"), branchOf(record), record.get("data", Document.class),
                        record.getDate("createdAt").toInstant())));
        return tried;
    }

    /** A branch's fence record as it is now: the document holding it, the branch, its state and the Try's data. */
    public record Held(Object holder, Branch branch, State state, Document data) {
    }

    /** The branch records whose Try data has {@code dataField} equal to one of {@code values} (e.g. the orders reconciliation asks about). */
    public List<Held> recordsWithData(String dataField, Collection<String> values) {
        String path = "data." + dataField;
        if (indexedDataFields.add(path)) {
            records.createIndex(Indexes.ascending(path));
        }
        List<Held> held = new ArrayList<>();
        records.find(in(path, List.copyOf(values))).forEach(record -> held.add(new Held(record.get("holder"), branchOf(record),
                State.valueOf(record.getString("state")), record.get("data", Document.class))));
        return held;
    }

    /** The id of the document holding {@code branch}'s fence record, if it has one. */
    public Optional<Object> holderOf(Branch branch) {
        return Optional.ofNullable(record(branch)).map(record -> record.get("holder"));
    }

    /** The state of {@code branch}'s fence record, or null if it has none. */
    public State stateOf(Branch branch) {
        Document record = record(branch);
        return record == null ? null : State.valueOf(record.getString("state"));
    }

    /**
     * Deletes the finished fence records: branch records (committed, rolled back, suspended) last changed before
     * {@code horizon} — with the marker the branch left in its document — and the
     * one-off records of {@code collection} last changed before {@code oneOffHorizon}. Records still in doubt are never
     * touched; each is removed only if it is still the record that was read.
     */
    public int deleteFinished(MongoCollection<Document> collection, Instant horizon, Instant oneOffHorizon) {
        int deleted = 0;
        for (Document record : records.find(and(ne("state", State.TRIED.name()), lt("updatedAt", Date.from(horizon))))) {
            Branch branch = branchOf(record); // the branch's marker goes with its record
            collection.updateOne(and(eq("_id", record.get("holder")), eq(branch.markerPath(), record.getString("state"))),
                    unset(branch.markerPath()));
            deleted += (int) records.deleteOne(and(eq("_id", record.get("_id")), eq("state", record.getString("state")),
                    eq("updatedAt", record.getDate("updatedAt")))).getDeletedCount();
        }
        for (Document doc : collection.find(exists(FIELD, true)).projection(Projections.include(FIELD))) {
            Document oneOffs = doc.get(FIELD, Document.class);
            int left = oneOffs.size();
            for (Map.Entry<String, Object> entry : oneOffs.entrySet()) {
                Date updatedAt = ((Document) entry.getValue()).getDate("updatedAt");
                if (updatedAt == null || !updatedAt.toInstant().isBefore(oneOffHorizon)) {
                    continue;
                }
                String path = FIELD + "." + entry.getKey();
                long removed = collection.updateOne(and(eq("_id", doc.get("_id")), eq(path + ".updatedAt", updatedAt)), unset(path))
                        .getModifiedCount();
                deleted += (int) removed;
                left -= (int) removed;
            }
            if (left == 0) {
                // no empty sub-document stays behind on an account that once had a one-off operation
                collection.updateOne(and(eq("_id", doc.get("_id")), eq(FIELD, new Document())), unset(FIELD));
            }
        }
        return deleted;
    }

    /**
     * Moves branch records that an earlier version kept inside business documents ({@value #FIELD}{@code .b<branchId>})
     * into {@value #COLLECTION}, marking the document for a branch still tried, so that an upgrade loses no branch in
     * flight. Idempotent; run at start-up.
     */
    public int adoptEmbeddedRecords(MongoCollection<Document> collection) {
        int adopted = 0;
        for (Document doc : collection.find(exists(FIELD, true)).projection(Projections.include(FIELD))) {
            for (Map.Entry<String, Object> entry : doc.get(FIELD, Document.class).entrySet()) {
                if (!entry.getKey().startsWith("b")) {
                    continue; // a one-off record: it stays where it is
                }
                Document old = (Document) entry.getValue();
                Branch branch = new Branch(old.getString("action"), old.getString("xid"), Long.parseLong(entry.getKey().substring(1)));
                Document record = new Document("_id", branch.recordId()).append("action", branch.action()).append("xid", branch.xid())
                        .append("branchId", branch.branchId()).append("holder", doc.get("_id")).append("state", old.getString("state"))
                        .append("data", old.get("data", Document.class)).append("createdAt", old.getDate("createdAt"))
                        .append("updatedAt", old.getDate("updatedAt"));
                try {
                    records.insertOne(record);
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e; // a duplicate: adopted by an earlier run that stopped before its update below
                    }
                }
                String embedded = FIELD + "." + entry.getKey();
                Bson move = State.TRIED.name().equals(old.getString("state"))
                        ? combine(unset(embedded), set(branch.markerPath(), Marker.TRIED.name())) : unset(embedded);
                adopted += (int) collection.updateOne(and(eq("_id", doc.get("_id")), exists(embedded, true)), move).getModifiedCount();
            }
        }
        return adopted;
    }

    private Document record(Branch branch) {
        return records.find(eq("_id", branch.recordId())).first();
    }

    private static Branch branchOf(Document record) {
        return new Branch(record.getString("action"), record.getString("xid"), record.get("branchId", Number.class).longValue());
    }

    /** Inserts the branch's record; false if it already has one. */
    private boolean insertRecord(Branch branch, Object holder, State state, Document data) {
        Date now = Date.from(clock.instant());
        try {
            records.insertOne(new Document("_id", branch.recordId()).append("action", branch.action()).append("xid", branch.xid())
                    .append("branchId", branch.branchId()).append("holder", holder).append("state", state.name())
                    .append("data", data).append("createdAt", now).append("updatedAt", now));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Applies a phase two's change if the branch's marker says TRIED, in the same update turning the marker to
     * {@code then}, which stays until the record is cleaned up and says which way the branch went.
     */
    private static boolean settle(MongoCollection<Document> collection, Object id, Branch branch, Bson change, Marker then) {
        return collection.updateOne(and(eq("_id", id), eq(branch.markerPath(), Marker.TRIED.name())),
                combine(change, set(branch.markerPath(), then.name()))).getModifiedCount() == 1;
    }

    /** Marks the branch SUSPENDED in its document (creating an empty one if there is none) unless it has a marker. */
    private static boolean markSuspended(MongoCollection<Document> collection, Object id, Branch branch) {
        try {
            UpdateResult result = collection.updateOne(and(eq("_id", id), exists(branch.markerPath(), false)),
                    set(branch.markerPath(), Marker.SUSPENDED.name()), new UpdateOptions().upsert(true));
            return result.getMatchedCount() == 1 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // the document exists and has a marker by now
            }
            throw e;
        }
    }

    private static Marker marker(MongoCollection<Document> collection, Object id, Branch branch) {
        return marker(collection.find(eq("_id", id)).projection(Projections.include(branch.markerPath())).first(), branch);
    }

    private static Marker marker(Document document, Branch branch) {
        Document pending = document == null ? null : document.get(PENDING, Document.class);
        String value = pending == null ? null : pending.getString("b" + branch.branchId());
        return value == null ? null : Marker.valueOf(value);
    }

    /** Moves the branch's record from TRIED to {@code to}; false if it was no longer TRIED. */
    private boolean transition(Branch branch, State to) {
        return records.updateOne(and(eq("_id", branch.recordId()), eq("state", State.TRIED.name())),
                combine(set("state", to.name()), set("updatedAt", Date.from(clock.instant())))).getModifiedCount() == 1;
    }
}
