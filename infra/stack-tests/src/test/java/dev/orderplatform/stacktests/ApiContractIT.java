package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.RunningStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI documents the services serve (springdoc), read through the gateway as a newcomer reads them, against the
 * contract in {@code docs/api.md}: every documented endpoint is in its service's document with every documented status,
 * every endpoint of a document is documented, and no document shows a service-to-service endpoint.
 */
class ApiContractIT {

    private static final List<String> SERVICES = List.of("order-svc", "inventory-svc", "payment-svc", "points-svc");
    private static final Pattern ENDPOINT = Pattern.compile("^### (GET|POST|PUT|DELETE|PATCH) (/\\S*)\\s*$");
    private static final Pattern STATUS = Pattern.compile("\\b([1-5]\\d\\d)\\b");
    /** Documented, but not an API: the operators' page is HTML for browsers. */
    private static final Set<String> PAGES = Set.of("GET /admin");

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);

    /** One endpoint of docs/api.md: which services serve it, and the statuses its tables list. */
    record Documented(String endpoint, Set<String> services, Set<String> statuses) {
    }

    @Test
    void everyDocumentedEndpointIsInItsServicesDocumentWithEveryDocumentedStatus() throws IOException {
        Map<String, JsonNode> documents = documents();
        List<Documented> contract = contract();
        assertThat(contract).as("endpoints read from docs/api.md").hasSizeGreaterThan(25);

        List<String> missing = new ArrayList<>();
        for (Documented documented : contract) {
            if (PAGES.contains(documented.endpoint())) {
                continue;
            }
            for (String service : documented.services()) {
                JsonNode operation = operation(documents.get(service), documented.endpoint());
                if (operation == null) {
                    missing.add(service + ": " + documented.endpoint() + " is not in the document");
                    continue;
                }
                Set<String> answered = new TreeSet<>();
                operation.path("responses").fieldNames().forEachRemaining(answered::add);
                Set<String> absent = new TreeSet<>(documented.statuses());
                absent.removeAll(answered);
                if (!absent.isEmpty()) {
                    missing.add(service + ": " + documented.endpoint() + " lacks " + absent + " (has " + answered + ")");
                }
            }
        }
        assertThat(missing).as("docs/api.md against the OpenAPI documents").isEmpty();
    }

    @Test
    void everyEndpointOfTheDocumentsIsDocumentedAndNoneIsServiceToService() throws IOException {
        Set<String> documented = new TreeSet<>();
        contract().forEach(endpoint -> documented.add(normalised(endpoint.endpoint())));
        List<String> undocumented = new ArrayList<>();
        documents().forEach((service, document) -> document.path("paths").fields().forEachRemaining(path -> {
            assertThat(path.getKey()).as("%s documents a service-to-service path", service).doesNotStartWith("/internal");
            path.getValue().fieldNames().forEachRemaining(method -> {
                String endpoint = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                if (!documented.contains(normalised(endpoint))) {
                    undocumented.add(service + ": " + endpoint);
                }
            });
        }));
        assertThat(undocumented).as("endpoints the services serve that docs/api.md does not describe").isEmpty();
    }

    @Test
    void problemAnswersShareOneBodyAndAdminEndpointsNameTheirToken() {
        JsonNode orders = documents().get("order-svc");
        JsonNode place = operation(orders, "POST /api/orders");
        assertThat(place.at("/responses/409/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(orders.at("/components/schemas/Problem/properties").has("errors")).isTrue();
        JsonNode stragglers = operation(orders, "GET /admin/stragglers");
        assertThat(stragglers.path("security").toString()).contains("adminToken");
        assertThat(place.path("security").isMissingNode()).as("a public endpoint needs no token").isTrue();
        JsonNode restock = operation(documents().get("inventory-svc"), "PUT /api/inventory/{sku}");
        assertThat(restock.path("security").toString()).as("an admin endpoint outside /admin").contains("adminToken");
        assertThat(operation(documents().get("inventory-svc"), "GET /api/inventory/{sku}").path("security").isMissingNode()).isTrue();
    }

    @Test
    void theApiPageIsServedByTheGateway() {
        Answer config = api.get(stack.gateway() + "/v3/api-docs/swagger-config");
        assertThat(config.status()).as("%s", config).isEqualTo(200);
        assertThat(config.body().path("urls").findValuesAsText("url"))
                .containsExactlyInAnyOrder("/api-docs/order-svc", "/api-docs/inventory-svc", "/api-docs/payment-svc", "/api-docs/points-svc");
        Answer page = api.get(stack.gateway() + "/webjars/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("swagger-ui");
    }

    /** The four documents, as the gateway serves them to the API page. */
    private Map<String, JsonNode> documents() {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Answer document = api.get(stack.gateway() + "/api-docs/" + service);
            assertThat(document.status()).as("%s's document: %s", service, document).isEqualTo(200);
            assertThat(document.body().path("openapi").asText()).startsWith("3.");
            documents.put(service, document.body());
        }
        return documents;
    }

    private static JsonNode operation(JsonNode document, String endpoint) {
        String wanted = normalised(endpoint);
        var paths = document.path("paths").fields();
        while (paths.hasNext()) {
            var path = paths.next();
            var methods = path.getValue().fields();
            while (methods.hasNext()) {
                var method = methods.next();
                if (normalised(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey()).equals(wanted)) {
                    return method.getValue();
                }
            }
        }
        return null;
    }

    /** Path parameters compare by position, not by name. */
    private static String normalised(String endpoint) {
        return endpoint.replaceAll("\\{[^}]*}", "{}");
    }

    /**
     * docs/api.md's endpoints: each {@code ### METHOD /path} heading, served by the service its {@code ##} section names
     * (every service for a section "every service"), with the codes in the "status" column of every table under it.
     */
    static List<Documented> contract() throws IOException {
        List<Documented> endpoints = new ArrayList<>();
        Set<String> sectionServices = Set.of();
        Documented current = null;
        int statusColumn = -1;
        for (String line : Files.readAllLines(RunningStack.repositoryRoot().resolve("docs/api.md"))) {
            if (line.startsWith("## ")) {
                String section = line.toLowerCase(Locale.ROOT);
                sectionServices = section.contains("every service") ? Set.copyOf(SERVICES)
                        : SERVICES.stream().filter(section::contains).collect(Collectors.toSet());
                current = null;
                continue;
            }
            Matcher endpoint = ENDPOINT.matcher(line);
            if (endpoint.matches()) {
                assertThat(sectionServices).as("the section of %s names its service", line).isNotEmpty();
                current = new Documented(endpoint.group(1) + " " + endpoint.group(2), sectionServices, new TreeSet<>());
                endpoints.add(current);
                statusColumn = -1;
                continue;
            }
            if (line.startsWith("### ")) {
                current = null; // a heading of another kind ends the endpoint's part
                continue;
            }
            if (current == null || !line.startsWith("|")) {
                statusColumn = line.startsWith("|") ? statusColumn : -1;
                continue;
            }
            List<String> cells = List.of(line.substring(1).split("\\|", -1));
            if (statusColumn < 0) {
                statusColumn = -1;
                for (int i = 0; i < cells.size(); i++) {
                    if (cells.get(i).trim().equalsIgnoreCase("status")) {
                        statusColumn = i;
                    }
                }
                continue; // the header row
            }
            if (statusColumn < cells.size()) {
                Matcher status = STATUS.matcher(cells.get(statusColumn));
                while (status.find()) {
                    current.statuses().add(status.group(1));
                }
            }
        }
        return endpoints;
    }
}
