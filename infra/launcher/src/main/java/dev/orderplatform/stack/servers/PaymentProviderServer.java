package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.Probes;
import dev.orderplatform.stack.core.StackContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The payment provider simulator ({@code infra/servers/payment-provider}): the stand-in for the external payment
 * provider. payment-svc opens, cancels and refunds payments there; it calls back every payment-svc instance of this
 * stack with callbacks signed by the secret kept in {@code .run/payment-provider-secret}. Ready when
 * {@code GET /health} answers 200.
 */
final class PaymentProviderServer extends ServerProcess {

    static final String NAME = "payment-provider";
    static final int PORT = 8090;
    static final String MODULE = "payment-provider";
    static final String MAIN_CLASS = "dev.orderplatform.servers.provider.PaymentProviderSimulator";
    /** payment-svc's callback endpoint (docs/api.md). */
    static final String CALLBACK_PATH = "/api/payments/callback";

    PaymentProviderServer() {
        super(NAME, PORT, Duration.ofSeconds(30), null);
    }

    @Override
    String localUrl() {
        return "http://127.0.0.1:" + PORT;
    }

    /** Where the provider calls back: the public edge, as a real provider would (it routes to a payment-svc instance). */
    static String callbackUrl() {
        return "http://127.0.0.1:" + GatewayServer.PORT + CALLBACK_PATH;
    }

    static Path jar(StackContext context) {
        return context.repository().resolve("infra/servers").resolve(MODULE).resolve("target/server-payment-provider.jar");
    }

    @Override
    public ProcessSpec prepare(StackContext context) {
        Path home = context.run().dir(NAME);
        List<String> command = JavaCommand.withHeap(context, "128m")
                .option("-Xss512k", "-XX:MaxMetaspaceSize=64m")
                .classpath(List.of(jar(context), context.serverLib(MODULE)), MAIN_CLASS, Integer.toString(PORT), Servers.BIND_ADDRESS);
        return new ProcessSpec(command, environment(context), home);
    }

    /** The simulator's environment: the signing secret and where to call back. */
    static Map<String, String> environment(StackContext context) {
        return Map.of(
                "PAYMENT_PROVIDER_SECRET", context.run().paymentProviderSecret(),
                "PAYMENT_CALLBACK_URLS", callbackUrl());
    }

    @Override
    public boolean ready(StackContext context) {
        return Probes.httpGet(url() + "/health") != null;
    }
}
