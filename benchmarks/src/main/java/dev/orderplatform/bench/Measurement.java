package dev.orderplatform.bench;

import org.HdrHistogram.Histogram;

/** Everything measured for one scenario at one load point, summed over its windows. */
final class Measurement {

    private final Scenario scenario;
    private final LoadPoint point;
    private final double idleCpuPerSecond;
    private final Histogram latencyMicros = new Histogram(3);
    private long succeeded;
    private long failed;
    private double seconds;
    private double cpuSeconds;

    /** @param idleCpuPerSecond what the stack burns with no load at all, subtracted for the marginal cost */
    Measurement(Scenario scenario, LoadPoint point, double idleCpuPerSecond) {
        this.scenario = scenario;
        this.point = point;
        this.idleCpuPerSecond = idleCpuPerSecond;
    }

    void add(LoadDriver.Window window, double stackCpuSeconds) {
        latencyMicros.add(window.latencyMicros());
        succeeded += window.succeeded();
        failed += window.failed();
        seconds += window.seconds();
        cpuSeconds += stackCpuSeconds;
    }

    Scenario scenario() {
        return scenario;
    }

    LoadPoint point() {
        return point;
    }

    long succeeded() {
        return succeeded;
    }

    long failed() {
        return failed;
    }

    /** Checkouts answered PAID per second. */
    double throughput() {
        return seconds == 0 ? 0 : succeeded / seconds;
    }

    double errorRate() {
        long all = succeeded + failed;
        return all == 0 ? 0 : (double) failed / all;
    }

    double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }

    /** CPU milliseconds the whole stack spent per paid checkout. */
    double cpuMillisPerCheckout() {
        return succeeded == 0 ? 0 : cpuSeconds * 1000 / succeeded;
    }

    /** The same, less what the stack would have spent idle in that time: the marginal cost of a checkout. */
    double cpuMillisPerCheckoutAboveIdle() {
        return succeeded == 0 ? 0 : Math.max(0, cpuSeconds - idleCpuPerSecond * seconds) * 1000 / succeeded;
    }
}
