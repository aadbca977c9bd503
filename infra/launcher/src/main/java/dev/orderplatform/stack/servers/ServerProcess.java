package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.Component;
import java.time.Duration;

/**
 * A server of the stack: its name, main port and start budget, and — when the environment points at a
 * server of the user's own (MYSQL_URL, MONGO_URI, REDIS_URL, NACOS_ADDR) — that server's URL, in which case
 * the launcher checks it is reachable but neither starts nor stops it.
 */
abstract class ServerProcess implements Component {

    private final String name;
    private final int port;
    private final Duration startBudget;
    private final String externalUrl;

    /** @param externalUrl the user's server, or null when the launcher runs this one */
    ServerProcess(String name, int port, Duration startBudget, String externalUrl) {
        this.name = name;
        this.port = port;
        this.startBudget = startBudget;
        this.externalUrl = externalUrl;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public final Duration startBudget() {
        return startBudget;
    }

    @Override
    public final boolean external() {
        return externalUrl != null;
    }

    @Override
    public final String url() {
        return external() ? externalUrl : localUrl();
    }

    /** Where clients reach the server the launcher runs. */
    abstract String localUrl();
}
