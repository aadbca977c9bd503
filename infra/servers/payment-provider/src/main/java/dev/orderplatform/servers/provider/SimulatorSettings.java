package dev.orderplatform.servers.provider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the simulator is set up: where it listens (arguments {@code [PORT [HOST]]}, default 8090 on 127.0.0.1), the
 * callback signing secret ({@code PAYMENT_PROVIDER_SECRET}, required, at least 16 UTF-8 bytes) and where callbacks
 * go ({@code PAYMENT_CALLBACK_URLS}: comma-separated absolute http(s) URLs, one per payment-svc instance).
 *
 * @param port 0 for any free port (tests)
 */
public record SimulatorSettings(String host, int port, String secret, List<URI> callbackUrls, RetryPolicy retry) {

    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String SECRET_VARIABLE = "PAYMENT_PROVIDER_SECRET";
    public static final String CALLBACK_URLS_VARIABLE = "PAYMENT_CALLBACK_URLS";

    public SimulatorSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < CallbackSigner.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " must be set to at least " + CallbackSigner.MIN_SECRET_BYTES + " bytes");
        }
        callbackUrls = List.copyOf(callbackUrls);
        if (callbackUrls.isEmpty()) {
            throw new IllegalArgumentException(CALLBACK_URLS_VARIABLE + " must name at least one callback URL");
        }
        for (URI url : callbackUrls) {
            if (!url.isAbsolute() || !List.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) callback URL: " + url);
            }
        }
    }

    /** Settings from the command line ({@code [PORT [HOST]]}) and the environment, with the standard retry policy. */
    public static SimulatorSettings from(String[] args, Map<String, String> environment) {
        if (args.length > 2) {
            throw new IllegalArgumentException("usage: PaymentProviderSimulator [PORT [HOST]]");
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        String host = args.length > 1 ? args[1] : DEFAULT_HOST;
        return new SimulatorSettings(host, port, environment.get(SECRET_VARIABLE),
                parseUrls(environment.getOrDefault(CALLBACK_URLS_VARIABLE, "")), RetryPolicy.STANDARD);
    }

    static List<URI> parseUrls(String commaSeparated) {
        List<URI> urls = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                urls.add(URI.create(part.trim()));
            }
        }
        return urls;
    }

    @Override
    public String toString() {
        // never the secret
        return "SimulatorSettings[" + host + ":" + port + ", callbacks " + callbackUrls + ", " + retry + "]";
    }
}
