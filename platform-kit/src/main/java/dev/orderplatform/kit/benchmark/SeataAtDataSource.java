package dev.orderplatform.kit.benchmark;

import io.seata.rm.datasource.DataSourceProxy;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * Benchmark only: the service's DataSource, through which a request can choose Seata's AT proxy for its local
 * transaction ({@link #call}). Everything else — the TCC checkout, Flyway, the fences — keeps using the plain
 * pool, so the shipped path is measured exactly as shipped. Both routes share one connection pool.
 */
public final class SeataAtDataSource extends AbstractRoutingDataSource {

    private static final ThreadLocal<Boolean> AT = ThreadLocal.withInitial(() -> false);

    public SeataAtDataSource(DataSource plain) {
        setDefaultTargetDataSource(plain);
        // registers the database with the TC as an AT resource, so phase two can delete or apply its undo logs
        setTargetDataSources(Map.of(Boolean.TRUE, new DataSourceProxy(plain)));
        afterPropertiesSet();
    }

    /**
     * Runs {@code work} with its connections taken through the AT proxy: inside a global transaction, each local
     * transaction it commits becomes an AT branch (before/after images in {@code undo_log}, global row locks).
     * Start the local transaction inside {@code work}, so that it takes its connection from the proxy.
     */
    public static <T> T call(Supplier<T> work) {
        AT.set(true);
        try {
            return work.get();
        } finally {
            AT.remove();
        }
    }

    @Override
    protected Object determineCurrentLookupKey() {
        return AT.get() ? Boolean.TRUE : null;
    }
}
