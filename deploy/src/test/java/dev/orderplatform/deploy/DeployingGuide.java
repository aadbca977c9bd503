package dev.orderplatform.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What docs/deploying.md promises a deployment, read from its tables so that the files under deploy/ are checked
 * against the guide people read: the environment variables the services and the gateway read, the secrets
 * {@code ./stack deployment-secrets} generates, and the files it writes for the servers.
 */
final class DeployingGuide {

    /** Tests run in deploy/; the repository root is its parent. */
    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    static final Path DEPLOY = REPOSITORY.resolve("deploy");
    static final String VERSION = System.getProperty("platform.version", "0.1.0-SNAPSHOT");

    /** Our images: name → (port, main class). */
    static final Map<String, Workload> WORKLOADS = Map.of(
            "order-svc", new Workload(8081, "dev.orderplatform.order.OrderApplication"),
            "inventory-svc", new Workload(8082, "dev.orderplatform.inventory.InventoryApplication"),
            "payment-svc", new Workload(8083, "dev.orderplatform.payment.PaymentApplication"),
            "points-svc", new Workload(8084, "dev.orderplatform.points.PointsApplication"),
            "gateway", new Workload(8080, "dev.orderplatform.gateway.GatewayApplication"));

    record Workload(int port, String mainClass) {
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final String text;

    DeployingGuide() {
        try {
            text = Files.readString(REPOSITORY.resolve("docs/deploying.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every variable in the first column of "Environment variables": what the services and the gateway read. */
    Set<String> environmentVariables() {
        return firstColumn("### Environment variables");
    }

    /** Every variable of the .env file ./stack deployment-secrets writes. */
    Set<String> secrets() {
        return firstColumn("### Secrets");
    }

    /** Every file ./stack deployment-secrets writes under files/. */
    Set<String> secretFiles() {
        return firstColumn("### Secret files");
    }

    /** The names in code spans in the first cell of each row of the table under {@code heading}. */
    private Set<String> firstColumn(String heading) {
        int start = text.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new IllegalStateException("docs/deploying.md has no section " + heading);
        }
        Set<String> names = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : text.substring(start + heading.length() + 2).split("\n")) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("|")) {
                inTable = true;
                String firstCell = line.substring(1, line.indexOf('|', 1));
                Matcher code = CODE.matcher(firstCell);
                while (code.find()) {
                    names.add(code.group(1));
                }
            } else if (inTable) {
                break;
            }
        }
        return names;
    }
}
