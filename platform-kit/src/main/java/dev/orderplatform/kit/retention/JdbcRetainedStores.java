package dev.orderplatform.kit.retention;

import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link RetainedStore}s in a MySQL database. */
public final class JdbcRetainedStores {

    private JdbcRetainedStores() {
    }

    /**
     * Rows that one statement deletes: {@code deleteSql} takes the cut-off and the batch size, e.g.
     * {@code DELETE FROM t WHERE created_at < ? ORDER BY created_at LIMIT ?} (MySQL deletes in index order).
     */
    public static RetainedStore rows(String name, JdbcTemplate jdbc, String deleteSql) {
        return RetainedStore.of(name, (before, limit) -> jdbc.update(deleteSql, Timestamp.from(before), limit));
    }

    /**
     * Rows with dependants in other tables: {@code selectIdsSql} (cut-off, batch size) picks the ids of a batch, then
     * each of {@code deleteByIdsSql} runs with {@code :ids} replaced by that many placeholders — the dependants first,
     * the rows themselves last. Each statement re-checks nothing: the select decides, and what it picked is finished.
     */
    public static RetainedStore rowsWithDependants(String name, JdbcTemplate jdbc, String selectIdsSql, List<String> deleteByIdsSql) {
        return RetainedStore.of(name, (before, limit) -> {
            List<String> ids = jdbc.queryForList(selectIdsSql, String.class, Timestamp.from(before), limit);
            if (ids.isEmpty()) {
                return 0;
            }
            String placeholders = ids.stream().map(id -> "?").collect(Collectors.joining(","));
            int deleted = 0;
            for (String sql : deleteByIdsSql) {
                deleted = jdbc.update(sql.replace(":ids", placeholders), ids.toArray());
            }
            return deleted; // the last statement deletes the rows themselves
        });
    }
}
