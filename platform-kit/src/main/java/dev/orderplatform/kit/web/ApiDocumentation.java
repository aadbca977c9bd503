package dev.orderplatform.kit.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import dev.orderplatform.kit.security.AdminEndpoints;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.util.AntPathMatcher;

/**
 * The OpenAPI document every service serves at {@code /v3/api-docs} (springdoc): its public and admin endpoints
 * ({@code springdoc.paths-to-match}; never {@code /internal/**}), each with the statuses it answers as its controller
 * declares them. Problem answers (4xx, 5xx) all share one body, RFC 9457's, so it is described once here and given to
 * every such response the controllers leave without content; admin endpoints carry the bearer-token requirement. The
 * gateway serves the four documents side by side ({@code /api-docs}); {@code docs/api.md} is the contract they are
 * tested against.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String ADMIN_TOKEN = "adminToken";

    @Bean
    OpenAPI serviceApi(@Value("${spring.application.name}") String service) {
        return new OpenAPI()
                .info(new Info().title(service).version("1")
                        .description("The public and admin endpoints of " + service + " of the order platform. Through the gateway "
                                + "(one public entry) every path is reachable as documented here; the contract is docs/api.md.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                // relative: "try it" goes to whoever served the page (the gateway, or the service's own port)
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An operator's token (./stack writes them to .run/*-token); its roles decide what it may do.")));
    }

    /**
     * @param declared the admin endpoints outside {@code /admin/**} (restock, top-up, grant), as the admin zone guards
     *                 them ({@link AdminEndpoints}): the same rules decide which operations show the token requirement
     */
    @Bean
    OpenApiCustomizer problemBodiesAndAdminTokens(ObjectProvider<AdminEndpoints> declared) {
        AdminEndpoints adminEndpoints = AdminEndpoints.combined(declared.orderedStream());
        AntPathMatcher paths = new AntPathMatcher();
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            // here rather than in the OpenAPI bean: springdoc drops schemas nothing refers to before customizers run
            api.getComponents().addSchemas(PROBLEM, problem());
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String concrete = path.replaceAll("\\{[^}]+}", "x"); // a path parameter matches a pattern's * like any value
                boolean admin = path.equals("/admin") || path.startsWith("/admin/") || adminEndpoints.rules().stream()
                        .anyMatch(rule -> (rule.method() == null || rule.method().name().equals(method.name()))
                                && rule.patterns().stream().anyMatch(pattern -> paths.match(pattern, concrete)));
                if (admin) {
                    operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_TOKEN));
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().forEach((status, response) -> {
                        boolean problem = status.startsWith("4") || status.startsWith("5");
                        if (problem && (response.getContent() == null || response.getContent().isEmpty())) {
                            response.setContent(new Content().addMediaType("application/problem+json",
                                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
                        }
                    });
                }
            }));
        };
    }

    /** RFC 9457 as the services write it (docs/api.md, "Conventions"). */
    private static Schema<?> problem() {
        return new ObjectSchema()
                .description("RFC 9457 problem details; never a stack trace")
                .addProperty("type", new StringSchema().description("what went wrong, e.g. validation, request-in-progress, sold-out"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new MapSchema().additionalProperties(new StringSchema())
                        .description("field → message, for validation failures"));
    }
}
