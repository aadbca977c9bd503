package dev.orderplatform.points.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The points database. The client itself comes from Spring Boot (spring.data.mongodb.uri). */
@Configuration
public class MongoConfig {

    @Bean
    MongoDatabase pointsDatabase(MongoClient client, MongoProperties properties) {
        return client.getDatabase(properties.getMongoClientDatabase());
    }

    /** One instance at a time runs the storage pruning: the lock is a document of the points database's shedLock collection. */
    @Bean
    LockProvider lockProvider(MongoDatabase pointsDatabase) {
        return new MongoLockProvider(pointsDatabase);
    }
}
