package dev.orderplatform.stacktests;

import dev.orderplatform.kit.testing.RunningStack;
import io.seata.common.Constants;
import io.seata.common.holder.ObjectHolder;
import io.seata.core.exception.TransactionException;
import io.seata.spring.boot.autoconfigure.SeataClientEnvironmentPostProcessor;
import io.seata.spring.boot.autoconfigure.SeataCoreEnvironmentPostProcessor;
import io.seata.tm.TMClient;
import io.seata.tm.api.GlobalTransaction;
import io.seata.tm.api.GlobalTransactionContext;
import java.net.URI;
import org.springframework.core.env.StandardEnvironment;

/**
 * Global transactions this test JVM begins at the stack's real Seata TC, as a transaction manager of its own: an XID
 * that is real and live (not one the TC would reject as unknown), which a test can then try to smuggle into a
 * public request. Seata reads its client settings from system properties before any file, so none is needed.
 */
final class TestTransactions {

    private static final String GROUP = "stack-tests";
    private static boolean connected;

    private TestTransactions() {
    }

    /** A global transaction begun now; {@link Open#close()} rolls it back if the test did not. */
    static synchronized Open begin(RunningStack stack) throws TransactionException {
        if (!connected) {
            URI tc = URI.create(stack.url("seata"));
            System.setProperty("registry.type", "file");
            System.setProperty("config.type", "file");
            System.setProperty("config.file.name", "file.conf"); // not on the classpath: the properties here are the whole config
            System.setProperty("service.vgroupMapping." + GROUP, "default");
            System.setProperty("service.default.grouplist", tc.getHost() + ":" + tc.getPort());
            // seata-spring-boot-starter is on this classpath (through platform-kit): it reads Spring's environment and the
            // defaults of its property classes, which a Spring Boot application would have registered at start
            StandardEnvironment environment = new StandardEnvironment();
            new SeataCoreEnvironmentPostProcessor().postProcessEnvironment(environment, null);
            new SeataClientEnvironmentPostProcessor().postProcessEnvironment(environment, null);
            ObjectHolder.INSTANCE.setObject(Constants.OBJECT_KEY_SPRING_CONFIGURABLE_ENVIRONMENT, environment);
            TMClient.init("stack-tests", GROUP);
            connected = true;
        }
        GlobalTransaction transaction = GlobalTransactionContext.createNew();
        transaction.begin(60_000, "stack-tests-foreign-transaction");
        return new Open(transaction);
    }

    record Open(GlobalTransaction transaction) implements AutoCloseable {
        String xid() {
            return transaction.getXid();
        }

        void rollback() throws TransactionException {
            transaction.rollback();
        }

        @Override
        public void close() throws TransactionException {
            if (transaction.getStatus() == io.seata.core.model.GlobalStatus.Begin) {
                transaction.rollback();
            }
        }
    }
}
