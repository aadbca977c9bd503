package dev.orderplatform.kit.security;

/**
 * What an admin-zone bearer token may do, from least to most; a token holds every role below its own.
 * {@link #METRICS} reads the actuator's metrics (a Prometheus scraper); {@link #VIEWER} also lists stragglers,
 * reads runs and the audit log and starts dry runs; {@link #OPERATOR} also runs compensation and forces orders;
 * {@link #ADMIN} also restocks, tops up, grants and runs the services' maintenance endpoints.
 */
public enum AdminRole {
    METRICS, VIEWER, OPERATOR, ADMIN;

    /** Whether holding this role includes {@code other}. */
    public boolean includes(AdminRole other) {
        return compareTo(other) >= 0;
    }

    /** The Spring Security authority of this role (what {@code hasRole(name())} checks). */
    public String authority() {
        return "ROLE_" + name();
    }
}
