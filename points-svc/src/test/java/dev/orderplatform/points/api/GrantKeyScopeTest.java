package dev.orderplatform.points.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.orderplatform.kit.idempotency.IdempotencyGuard;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.idempotency.MongoIdempotencyStore;
import dev.orderplatform.kit.idempotency.RequestFingerprint;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.TccMetrics;
import dev.orderplatform.kit.testing.MovableClock;
import dev.orderplatform.points.domain.PointAccount;
import dev.orderplatform.points.store.PointAccounts;
import dev.orderplatform.points.store.PointGrants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;

/**
 * An Idempotency-Key belongs to (caller, operation, target): the same key for another account is a new grant in
 * every window of a key's life — while it is replayed (24 h), after that while the grant's one-off fence record is
 * kept (24–48 h), and after that record is cleaned (48 h) — never a re-application to the first account, never a
 * silent no-op, never a 500. The real controller, guard, ledger and fence, on the MongoDB stand-in inside the test
 * JVM, with a clock the test moves.
 */
class GrantKeyScopeTest {

    private static final String KEY = "grant-key-1";
    private static final Duration ONE_OFF_HORIZON = Duration.ofHours(48); // platform-defaults.yml

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private MongoServer server;
    private MongoClient client;
    private PointAccounts accounts;
    private MongoTccFence fence;
    private PointsController controller;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        MongoDatabase database = client.getDatabase("points");
        accounts = new PointAccounts(database);
        fence = new MongoTccFence(database, clock, new TccMetrics(new SimpleMeterRegistry()));
        PointGrants grants = new PointGrants(database, accounts, fence, clock);
        IdempotencyGuard guard = new IdempotencyGuard(new MongoIdempotencyStore(database), clock, IdempotencyGuard.RETENTION);
        controller = new PointsController(accounts, grants, new IdempotentRequests(guard, new RequestFingerprint(json), json));
        signInAs("admin");
    }

    @AfterEach
    void stop() {
        SecurityContextHolder.clearContext();
        client.close();
        server.shutdownNow();
    }

    @Test
    void insideItsDayTheKeyReplaysForItsAccountAndIsANewGrantForAnother() throws Exception {
        ResponseEntity<String> first = grant("ann", 100);
        ResponseEntity<String> again = grant("ann", 100);
        assertThat(again.getHeaders().getFirst(IdempotentRequests.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(grantId(again)).isEqualTo(grantId(first));

        ResponseEntity<String> other = grant("bob", 70);
        assertThat(other.getStatusCode().value()).isEqualTo(201);
        assertThat(other.getHeaders().getFirst(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertThat(grantId(other)).isNotEqualTo(grantId(first));
        assertThat(body(other).path("userId").asText()).isEqualTo("bob");
        assertGranted("ann", 100);
        assertGranted("bob", 70);
    }

    @Test
    void betweenOneAndTwoDaysTheKeyForAnotherAccountIsANewGrantNotANoOp() throws Exception {
        grant("ann", 100);
        clock.advance(Duration.ofHours(25));

        ResponseEntity<String> other = grant("carl", 40); // a new account: once answered 500
        assertThat(other.getStatusCode().value()).isEqualTo(201);
        assertThat(body(other).path("userId").asText()).isEqualTo("carl");
        assertGranted("carl", 40);
        assertGranted("ann", 100);
        // past its 24 h the key is free again (docs/api.md): the same request for ann is a new grant
        assertThat(grant("ann", 100).getStatusCode().value()).isEqualTo(201);
        assertGranted("ann", 200);
    }

    @Test
    void afterTwoDaysTheKeyForAnotherAccountNeverReappliesTheOldGrant() throws Exception {
        grant("ann", 100);
        clock.advance(ONE_OFF_HORIZON.plusHours(1));
        assertThat(fence.deleteFinished(accounts.collection(), clock.instant(), clock.instant().minus(ONE_OFF_HORIZON)))
                .as("the grant's one-off fence record is cleaned").isEqualTo(1);

        ResponseEntity<String> other = grant("dora", 25);
        assertThat(other.getStatusCode().value()).isEqualTo(201);
        assertThat(body(other).path("userId").asText()).isEqualTo("dora");
        assertGranted("dora", 25);
        assertGranted("ann", 100);
    }

    @Test
    void anotherCallerWithTheSameKeyAndTargetIsANewRequest() throws Exception {
        grant("ann", 100);
        signInAs("support");
        ResponseEntity<String> bySomeoneElse = grant("ann", 100);
        assertThat(bySomeoneElse.getHeaders().getFirst(IdempotentRequests.REPLAYED_HEADER)).isNull();
        assertGranted("ann", 200);
    }

    /** An admin token's caller, as the admin zone's bearer-token authentication leaves it. */
    private void signInAs(String tokenName) {
        List<GrantedAuthority> roles = AuthorityUtils.createAuthorityList("ROLE_ADMIN");
        Instant now = clock.instant();
        SecurityContextHolder.getContext().setAuthentication(new BearerTokenAuthentication(
                new DefaultOAuth2AuthenticatedPrincipal(tokenName, Map.of("sub", tokenName), roles),
                new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "token", now, now.plusSeconds(60)), roles));
    }

    private ResponseEntity<String> grant(String userId, long points) {
        return controller.grant(userId, KEY, new PointsController.GrantRequest(points, "goodwill"));
    }

    private JsonNode body(ResponseEntity<String> answer) throws Exception {
        return json.readTree(answer.getBody());
    }

    private String grantId(ResponseEntity<String> answer) throws Exception {
        return body(answer).path("grantId").asText();
    }

    private void assertGranted(String userId, long points) {
        PointAccount account = accounts.find(userId).orElseThrow();
        assertThat(account.granted()).as(userId + " granted").isEqualTo(points);
        assertThat(account.balance()).as(userId + " balance").isEqualTo(points);
        long ledger = client.getDatabase("points").getCollection(PointGrants.COLLECTION).find(new Document("userId", userId))
                .into(new ArrayList<>()).stream().mapToLong(d -> d.get("points", Number.class).longValue()).sum();
        assertThat(ledger).as(userId + " grants in the ledger").isEqualTo(points);
    }
}
