package dev.orderplatform.stacktests;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.ParticipantConformance;
import dev.orderplatform.kit.testing.ParticipantConformance.Branch;
import dev.orderplatform.kit.testing.ParticipantConformance.Holdings;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every TCC ordering against each of the three participants, through its real fence, checked in its real
 * store: inventory and payment on MariaDB (Seata's fence table, platform-kit's hardened JdbcTccFence), points
 * on the Mongo server (platform-kit's MongoTccFence).
 */
class ParticipantConformanceIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("pc");

    @TestFactory
    Stream<DynamicTest> inventory() {
        return ParticipantConformance.scenarios(stack, new MySqlSubject("inventory-svc", "reserve-stock", "inventory",
                "SELECT available, reserved, sold FROM stock_items WHERE sku = ?") {
            @Override
            public String freshEntity(long free) {
                String sku = data.sku("SKU" + System.nanoTime());
                assertThat(api.restock(sku, 100, free).status()).isEqualTo(201);
                return sku;
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> payment() {
        return ParticipantConformance.scenarios(stack, new MySqlSubject("payment-svc", "freeze-wallet-funds", "payments",
                "SELECT balance_cents, frozen_cents, spent_cents FROM wallets WHERE user_id = ?") {
            @Override
            public String freshEntity(long free) {
                String user = data.user("u" + System.nanoTime());
                assertThat(api.topUp(user, free).status()).isEqualTo(201);
                return user;
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> points() {
        return ParticipantConformance.scenarios(stack, new ParticipantConformance.Subject() {
            @Override
            public String service() {
                return "points-svc";
            }

            @Override
            public String action() {
                return "freeze-points";
            }

            @Override
            public String freshEntity(long free) {
                String user = data.user("p" + System.nanoTime());
                assertThat(api.grantPoints(user, free).status()).isEqualTo(201);
                return user;
            }

            @Override
            public Holdings holdings(String user) {
                Document account = account(user);
                return new Holdings(count(account, "balance"), count(account, "frozen"), count(account, "redeemed"));
            }

            @Override
            public Optional<String> fenceState(String user, Branch branch) {
                Document record = stack.points().getCollection("tcc_fence").find(eq("_id", "freeze-points/" + branch.branchId())).first();
                return Optional.ofNullable(record).map(r -> r.getString("state"));
            }

            private Document account(String user) {
                return stack.points().getCollection("point_accounts").find(eq("_id", user)).first();
            }

            private long count(Document account, String field) {
                Number value = account.get(field, Number.class);
                return value == null ? 0 : value.longValue();
            }
        });
    }

    /** A participant on MySQL: its ledger row and Seata's fence table in its own database. */
    private abstract class MySqlSubject implements ParticipantConformance.Subject {
        private final String service;
        private final String action;
        private final String database;
        private final String holdingsQuery;

        MySqlSubject(String service, String action, String database, String holdingsQuery) {
            this.service = service;
            this.action = action;
            this.database = database;
            this.holdingsQuery = holdingsQuery;
        }

        @Override
        public String service() {
            return service;
        }

        @Override
        public String action() {
            return action;
        }

        @Override
        public Holdings holdings(String entity) {
            try (Connection connection = stack.sql(database); PreparedStatement query = connection.prepareStatement(holdingsQuery)) {
                query.setString(1, entity);
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).as("row of %s", entity).isTrue();
                    return new Holdings(row.getLong(1), row.getLong(2), row.getLong(3));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<String> fenceState(String entity, Branch branch) {
            try (Connection connection = stack.sql(database);
                 PreparedStatement query = connection.prepareStatement("SELECT status FROM tcc_fence_log WHERE xid = ? AND branch_id = ?")) {
                query.setString(1, branch.xid());
                query.setLong(2, branch.branchId());
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(ParticipantConformance.SEATA_FENCE_STATES.get(row.getInt(1))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
