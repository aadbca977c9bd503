package dev.orderplatform.kit.idempotency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link IdempotencyStore} on the service's own MySQL database (table {@code idempotency_keys}, created by
 * the kit's Flyway migration {@code db/idempotency}). Plain JDBC rather than a MyBatis mapper so the kit
 * does not impose mapper scanning on the services that use it.
 */
public class JdbcIdempotencyStore implements IdempotencyStore {

    private final JdbcTemplate jdbc;

    public JdbcIdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertIfAbsent(IdempotencyRecord record) {
        try {
            jdbc.update("""
                    INSERT INTO idempotency_keys (scope, idem_key, request_hash, state, lease_until, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""",
                    record.scope(), record.key(), record.requestHash(), record.state().name(),
                    Timestamp.from(record.leaseUntil()), Timestamp.from(record.createdAt()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(String scope, String key) {
        return jdbc.query("""
                SELECT scope, idem_key, request_hash, state, resource_id, http_status, response_body, lease_until, created_at
                FROM idempotency_keys WHERE scope = ? AND idem_key = ?""", JdbcIdempotencyStore::map, scope, key)
                .stream().findFirst();
    }

    @Override
    public boolean takeOver(String scope, String key, Instant seenLeaseUntil, Instant newLeaseUntil) {
        return jdbc.update("""
                UPDATE idempotency_keys SET lease_until = ?
                WHERE scope = ? AND idem_key = ? AND state = 'IN_PROGRESS' AND lease_until = ?""",
                Timestamp.from(newLeaseUntil), scope, key, Timestamp.from(seenLeaseUntil)) == 1;
    }

    @Override
    public void attachResource(String scope, String key, String resourceId) {
        jdbc.update("UPDATE idempotency_keys SET resource_id = ? WHERE scope = ? AND idem_key = ?", resourceId, scope, key);
    }

    @Override
    public void complete(String scope, String key, int httpStatus, String responseBody, Instant completedAt) {
        jdbc.update("""
                UPDATE idempotency_keys SET state = 'COMPLETED', http_status = ?, response_body = ?, completed_at = ?
                WHERE scope = ? AND idem_key = ?""",
                httpStatus, responseBody, Timestamp.from(completedAt), scope, key);
    }

    @Override
    public boolean delete(String scope, String key, Instant createdAt) {
        return jdbc.update("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND created_at = ?",
                scope, key, Timestamp.from(createdAt)) == 1;
    }

    private static IdempotencyRecord map(ResultSet rs, int row) throws SQLException {
        int status = rs.getInt("http_status");
        Integer httpStatus = rs.wasNull() ? null : status;
        return new IdempotencyRecord(
                rs.getString("scope"),
                rs.getString("idem_key"),
                rs.getString("request_hash"),
                IdempotencyRecord.State.valueOf(rs.getString("state")),
                rs.getString("resource_id"),
                httpStatus,
                rs.getString("response_body"),
                rs.getTimestamp("lease_until").toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }
}
