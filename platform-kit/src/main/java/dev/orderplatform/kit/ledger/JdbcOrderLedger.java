package dev.orderplatform.kit.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * An {@link OrderLedger} read by one SQL query that selects {@code order_id, entry_key, status, amount} for the
 * orders in {@code :orderIds}; the participants differ only in that query.
 */
public class JdbcOrderLedger implements OrderLedger {

    private final NamedParameterJdbcTemplate jdbc;
    private final String participant;
    private final String what;
    private final String sql;

    public JdbcOrderLedger(JdbcTemplate jdbc, String participant, String what, String sql) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        this.participant = participant;
        this.what = what;
        this.sql = sql;
    }

    @Override
    public List<Entry> entries(Collection<String> orderIds) {
        return jdbc.query(sql, Map.of("orderIds", orderIds), (rs, n) -> new Entry(rs.getString("order_id"), participant, what,
                rs.getString("entry_key"), rs.getString("status"), rs.getLong("amount")));
    }
}
