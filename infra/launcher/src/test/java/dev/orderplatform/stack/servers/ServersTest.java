package dev.orderplatform.stack.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.stack.core.Component;
import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.RunDirectory;
import dev.orderplatform.stack.core.StackContext;
import dev.orderplatform.stack.core.StackSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the stack is put together: the payment provider simulator among the servers, and what each side is told. */
class ServersTest {

    @TempDir
    Path repository;

    private StackContext context(int instances) {
        StackSettings settings = StackSettings.fromEnvironment(new RunDirectory.Shape(instances, false, false, false, 100), Map.of());
        return new StackContext(repository, new RunDirectory(repository.resolve(".run")), settings, () -> "0".repeat(64));
    }

    @Test
    void thePaymentProviderIsAServerEveryServiceInstanceWaitsFor() {
        Servers servers = new Servers(context(2));

        assertThat(servers.componentNames()).containsSubsequence("payment-provider", "inventory-svc", "inventory-svc-2")
                .contains("mariadb", "mongo", "redis", "nacos", "seata", "rocketmq-namesrv", "rocketmq-broker");
        assertThat(servers.serverNames()).contains("payment-provider");
        assertThat(servers.launcher()).as("every component is listed after what it depends on").isNotNull();
    }

    @Test
    void theSimulatorCallsBackThroughTheGatewayAndSharesTheSecretWithTheServices() throws Exception {
        StackContext context = context(2);
        Servers servers = new Servers(context);
        PaymentProviderServer provider = new PaymentProviderServer();

        ProcessSpec spec = provider.prepare(context);

        Path secretFile = repository.resolve(".run/payment-provider-secret");
        String secret = Files.readString(secretFile).trim();
        assertThat(secret).hasSize(48);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        assertThat(spec.environment()).containsEntry("PAYMENT_PROVIDER_SECRET", secret)
                .containsEntry("PAYMENT_CALLBACK_URLS", "http://127.0.0.1:8080/api/payments/callback");
        assertThat(spec.command()).contains("dev.orderplatform.servers.provider.PaymentProviderSimulator", "8090", "127.0.0.1");
        assertThat(String.join(" ", spec.command())).contains("infra/servers/payment-provider/target/server-payment-provider.jar");
        assertThat(servers.clientEnvironment(context))
                .containsEntry("PAYMENT_PROVIDER_URL", "http://127.0.0.1:8090")
                .containsEntry("PAYMENT_PROVIDER_SECRET", secret);
        assertThat(new Servers(context).clientEnvironment(context)).as("kept for the run directory")
                .containsEntry("PAYMENT_PROVIDER_SECRET", secret);
    }

    @Test
    void theGatewayStartsAfterEveryServiceInstanceOnPort8080AndEachServiceGetsOnlyItsOwnKey() throws Exception {
        StackContext context = context(2);
        Servers servers = new Servers(context);
        Component gateway = servers.components().stream().filter(c -> c.name().equals("gateway")).findFirst().orElseThrow();

        assertThat(gateway.port()).isEqualTo(8080);
        assertThat(gateway.dependsOn()).contains("nacos", "redis", "order-svc", "order-svc-2", "points-svc-2");
        Map<String, String> env = servers.clientEnvironment(context);
        assertThat(env).containsKeys("SERVICE_TRUST_FILE", "METRICS_TOKEN_SHA256", "NACOS_PASSWORD").containsEntry("SERVICE_BIND", "127.0.0.1")
                .doesNotContainKey("SERVICE_KEY_FILE");
        assertThat(Files.readString(Path.of(env.get("SERVICE_TRUST_FILE")))).contains("\"kid\":\"order-svc\"").doesNotContain("\"d\"");
        Path key = servers.serviceKeys(context).keyOf("order-svc");
        assertThat(key).hasFileName("order-svc.jwk");
        assertThat(Files.readString(key)).contains("\"d\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void theProviderIsOnPort8090AndReadyOnlyWhenItsHealthAnswers() {
        StackContext context = context(1);
        Component provider = new PaymentProviderServer();

        assertThat(provider.name()).isEqualTo("payment-provider");
        assertThat(provider.port()).isEqualTo(8090);
        assertThat(provider.url()).isEqualTo("http://127.0.0.1:8090");
        assertThat(provider.dependsOn()).isEmpty();
        assertThat(PaymentProviderServer.environment(context)).as("the provider calls back through the public edge")
                .containsEntry("PAYMENT_CALLBACK_URLS", "http://127.0.0.1:8080/api/payments/callback");
    }

    @Test
    void aMissingSimulatorBuildIsReportedSoTheStackBuildsIt() {
        List<String> missing = new Servers(context(1)).missingArtifacts();

        assertThat(missing).contains("infra/servers/payment-provider/target/server-payment-provider.jar",
                "infra/servers/payment-provider/target/lib");
    }

    @Test
    void theCoordinatorTakesUpATransactionLeftInPhaseTwoLongBeforeItsRetryWindowCloses() {
        // otherwise the TC's store gives up on every finished transaction instead of ending it (SeataServer)
        assertThat(SeataServer.RETRY_DEAD_THRESHOLD.multipliedBy(2)).isLessThan(Servers.PHASE_TWO_RETRY_WINDOW);
    }
}
