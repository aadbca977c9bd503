package dev.orderplatform.kit.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Service-to-service credentials ({@code platform.service-auth}): this service's private signing key, the public keys
 * of every service it trusts, and which services may call its {@code /internal/**} endpoints.
 *
 * @param keyFile   this service's RSA private key as a JWK (its {@code kid} is the service's name); ./stack
 *                  generates one per service into the run directory, readable by its owner only
 * @param trustFile the public keys of the services, as a JWK set ({@code kid} = service name)
 * @param tokenTtl  how long a minted token is valid; short, so a leaked one is soon worthless
 * @param callers   the services whose tokens this service's {@code /internal/**} endpoints accept
 */
@ConfigurationProperties("platform.service-auth")
public record ServiceAuthProperties(Path keyFile, Path trustFile, Duration tokenTtl, List<String> callers) {

    public ServiceAuthProperties {
        keyFile = unset(keyFile) ? null : keyFile;
        trustFile = unset(trustFile) ? null : trustFile;
        tokenTtl = tokenTtl == null ? Duration.ofSeconds(60) : tokenTtl;
        callers = callers == null ? List.of() : List.copyOf(callers);
    }

    private static boolean unset(Path file) {
        return file == null || file.toString().isBlank();
    }
}
