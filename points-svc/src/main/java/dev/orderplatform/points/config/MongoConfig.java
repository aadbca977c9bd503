package dev.orderplatform.points.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
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
}
