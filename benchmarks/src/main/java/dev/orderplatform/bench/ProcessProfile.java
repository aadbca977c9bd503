package dev.orderplatform.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one JVM of the stack spent its CPU during a JFR recording, from its execution samples: by layer (the
 * library whose code was running, or that had called into the JDK), the hottest methods themselves, and the
 * platform's own methods with the most samples beneath them.
 *
 * @param samples    execution samples (threads running Java code; JFR's "profile" settings take one per 10 ms)
 * @param byLayer    samples per layer, most first
 * @param hottest    methods on top of the stack, most samples first
 * @param ours       the platform's own methods, counting every sample they are anywhere in the stack
 * @param gcMillis   time the JVM's collections took
 */
record ProcessProfile(String process, long samples, Map<String, Long> byLayer, Map<String, Long> hottest,
                      Map<String, Long> ours, double gcMillis) {

    private static final int TOP = 15;

    /** Package prefixes → the layer a sample is charged to; the first non-JDK frame from the top decides. */
    private static final List<Map.Entry<String, String>> LAYERS = List.of(
            Map.entry("dev.orderplatform.", "platform code"),
            Map.entry("io.seata.", "Seata"),
            Map.entry("org.apache.seata.", "Seata"),
            Map.entry("feign.", "Feign"),
            Map.entry("org.springframework.cloud.openfeign.", "Feign"),
            Map.entry("org.springframework.cloud.loadbalancer.", "load balancer / Nacos client"),
            Map.entry("org.springframework.cloud.client.", "load balancer / Nacos client"),
            Map.entry("com.alibaba.", "load balancer / Nacos client"),
            Map.entry("org.apache.catalina.", "Tomcat"),
            Map.entry("org.apache.coyote.", "Tomcat"),
            Map.entry("org.apache.tomcat.", "Tomcat"),
            Map.entry("com.mysql.", "MySQL driver"),
            Map.entry("com.zaxxer.hikari.", "Hikari pool"),
            Map.entry("com.baomidou.", "MyBatis"),
            Map.entry("org.apache.ibatis.", "MyBatis"),
            Map.entry("org.mybatis.", "MyBatis"),
            Map.entry("com.mongodb.", "MongoDB driver"),
            Map.entry("org.bson.", "MongoDB driver"),
            Map.entry("de.bwaldvogel.", "Mongo server"),
            Map.entry("org.h2.", "Mongo server store (H2)"),
            Map.entry("com.fasterxml.jackson.", "Jackson"),
            Map.entry("io.netty.", "Netty"),
            Map.entry("ch.qos.logback.", "logging"),
            Map.entry("org.slf4j.", "logging"),
            Map.entry("org.apache.logging.", "logging"),
            Map.entry("io.micrometer.", "Micrometer"),
            Map.entry("org.apache.rocketmq.", "RocketMQ"),
            Map.entry("org.springframework.", "Spring (other)"));

    /** Reads the events of {@code recording} that started at or after {@code from} (the warm-up is left out). */
    static ProcessProfile read(String process, Path recording, Instant from) throws IOException {
        Map<String, Long> layers = new LinkedHashMap<>();
        Map<String, Long> hottest = new LinkedHashMap<>();
        Map<String, Long> ours = new LinkedHashMap<>();
        long samples = 0;
        double gcMillis = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getStartTime().isBefore(from)) {
                continue;
            }
            String type = event.getEventType().getName();
            if (type.equals("jdk.GarbageCollection")) {
                gcMillis += event.getDuration().toNanos() / 1e6;
            }
            if (!type.equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                hottest.merge(methodOf(frames.get(0)), 1L, Long::sum);
            }
            layers.merge(layerOf(frames), 1L, Long::sum);
            Set<String> counted = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = methodOf(frame);
                if (method.startsWith("dev.orderplatform.") && counted.add(method)) {
                    ours.merge(method, 1L, Long::sum);
                }
            }
        }
        return new ProcessProfile(process, samples, mostFirst(layers, Integer.MAX_VALUE), mostFirst(hottest, TOP),
                mostFirst(ours, TOP), gcMillis);
    }

    /** The layer of the first frame from the top that is not the JDK's own; "JDK only" if none is. */
    static String layerOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (isJdk(type)) {
                continue;
            }
            return LAYERS.stream().filter(layer -> type.startsWith(layer.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElseGet(() -> packageRoot(type));
        }
        return "JDK only";
    }

    static boolean isJdk(String type) {
        return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.") || type.startsWith("sun.")
                || type.startsWith("com.sun.");
    }

    private static String packageRoot(String type) {
        String[] parts = type.split("\\.");
        return parts.length > 2 ? parts[0] + "." + parts[1] : type;
    }

    private static String methodOf(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static Map<String, Long> mostFirst(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }
}
