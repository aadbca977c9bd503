package dev.orderplatform.kit.health;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import org.bson.Document;
import org.springframework.boot.actuate.health.Health;

/** Ready only while the service's MongoDB database answers a ping (Spring Boot's own check needs Spring Data). */
public class MongoHealth extends AnswerWithinPatience {

    private final MongoDatabase database;

    public MongoHealth(MongoDatabase database, Duration patience) {
        super("mongo", patience);
        this.database = database;
    }

    @Override
    protected Health ask() {
        database.runCommand(new Document("ping", 1));
        return Health.up().build();
    }
}
