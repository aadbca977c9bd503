package dev.orderplatform.stacktests;

import dev.orderplatform.kit.testing.RunningStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The same checkout scenarios with the real database servers the stand-ins replace: MySQL 8, MongoDB and
 * Redis in containers (the launcher is pointed at them through MYSQL_URL, MONGO_URI and REDIS_URL and
 * starts everything else itself). Skipped where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class WalletCheckoutContainersIT extends WalletCheckoutScenarios {

    @Container
    static final MySQLContainer<?> MYSQL = new MySQLContainer<>(DockerImageName.parse("mysql:8.0.36"))
            .withUsername("root").withPassword("test");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(DockerImageName.parse("mongo:7.0.12"));

    @Container
    static final GenericContainer<?> REDIS = new GenericContainer<>(DockerImageName.parse("redis:7.2.5")).withExposedPorts(6379);

    private static RunningStack stack;

    @BeforeAll
    static void startStackOnContainers() {
        stack = RunningStack.startWith(Map.of(
                "MYSQL_URL", "jdbc:mysql://" + MYSQL.getHost() + ":" + MYSQL.getMappedPort(3306),
                "MYSQL_USER", "root",
                "MYSQL_PASSWORD", "test",
                "MONGO_URI", MONGO.getConnectionString(),
                "REDIS_URL", "redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379)));
    }

    @Override
    RunningStack stack() {
        return stack;
    }
}
