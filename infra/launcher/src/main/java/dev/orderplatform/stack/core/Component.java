package dev.orderplatform.stack.core;

import java.time.Duration;
import java.util.List;

/**
 * One process of the stack (a server or a service instance): how to start it and how to know it is ready.
 * Readiness is always a protocol-level check (an SQL query, a Mongo ping, an HTTP answer), never a sleep.
 */
public interface Component {

    /** Unique name, used by {@code ./stack status} and {@code ./stack logs NAME}. */
    String name();

    /** The port clients use (shown by status). */
    int port();

    /** Every port the process binds; all must be free before it starts. */
    default List<Integer> ports() {
        return List.of(port());
    }

    /** Where clients reach it. */
    String url();

    /** Components that must be ready before this one starts. */
    default List<String> dependsOn() {
        return List.of();
    }

    /** How long it may take from start to ready before {@code up} gives up. */
    Duration startBudget();

    /** Provided from outside (e.g. MYSQL_URL is set): not started or stopped by the launcher. */
    default boolean external() {
        return false;
    }

    /** Writes whatever files the process needs and says how to start it. */
    ProcessSpec prepare(StackContext context) throws Exception;

    /** One readiness check; must return quickly (a second or two at most). */
    boolean ready(StackContext context) throws Exception;

    /**
     * A heavy start (a Spring Boot service: tens of CPU-seconds). The launcher starts at most as many heavy
     * components at once as there are cores: started all together on two cores they thrash, and each one
     * then costs about twice the CPU time it costs alone.
     */
    default boolean heavyStart() {
        return false;
    }

    /** Called once after the first successful readiness check (e.g. to create schemas). */
    default void afterReady(StackContext context) throws Exception {
    }
}
