package dev.orderplatform.saga;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seata.saga.statelang.domain.CompensationTriggerState;
import io.seata.saga.statelang.domain.RecoverStrategy;
import io.seata.saga.statelang.domain.ServiceTaskState;
import io.seata.saga.statelang.domain.State;
import io.seata.saga.statelang.domain.StateMachine;
import io.seata.saga.statelang.domain.TaskState;
import io.seata.saga.statelang.domain.impl.AbstractTaskState;
import io.seata.saga.statelang.parser.StateMachineParserFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The checks {@link SagaDefinitionsTest} applies to every saga definition; the rules themselves are stated in
 * that class's javadoc. Each problem is one line naming the file, the machine and (where it is about one)
 * the state, so a failing build says exactly what to fix.
 */
final class SagaDefinitionRules {

    /** The pattern order-svc's engine loads its definitions with ({@code seata.saga.state-machine.resources}). */
    static final String RESOURCES = "classpath*:saga/*.json";

    /** Seata's JSON parser, by name: the one order-svc's engine uses ({@code saga-json-parser: jackson}). */
    static final String SEATA_JSON_PARSER = "jackson";

    /*
     * The only input a ServiceTask may take. Seata 2.0.0 loses a saga's start parameters when it replays an
     * instance after a crash (apache/incubator-seata #6257): a step that read anything else from the context
     * would run with null arguments on recovery. So every step takes the order id alone and reads everything
     * else from the order itself.
     */
    static final String ORDER_ID_INPUT = "$.[orderId]";

    /** Seata's saga definition table keeps a machine's Comment in a VARCHAR(255). */
    static final int MAX_COMMENT = 255;

    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SagaDefinitionRules() {
    }

    /** Every {@code saga/*.json} on the classpath, file name → content, in file-name order. */
    static Map<String, String> definitionsOnClasspath() throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources(RESOURCES);
        Map<String, String> definitions = new TreeMap<>();
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                String previous = definitions.put(resource.getFilename(),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (previous != null) {
                    throw new IllegalStateException("two saga/" + resource.getFilename() + " on the classpath");
                }
            }
        }
        return definitions;
    }

    /** The problems of a set of definitions (file name → JSON): each one's own, then duplicate names. */
    static List<String> check(Map<String, String> definitions) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> filesByName = new LinkedHashMap<>();
        definitions.forEach((file, json) -> {
            StateMachine machine = parse(file, json, problems);
            if (machine != null) {
                problems.addAll(check(file, json, machine));
                filesByName.computeIfAbsent(machine.getName(), n -> new ArrayList<>()).add(file);
            }
        });
        filesByName.forEach((name, files) -> {
            if (files.size() > 1) {
                problems.add("machine " + name + ": Name is used by " + files.size() + " files " + files
                        + "; the engine keeps one definition per Name");
            }
        });
        return problems;
    }

    /** The problems of one definition. */
    static List<String> check(String file, String json) {
        return check(Map.of(file, json));
    }

    private static StateMachine parse(String file, String json, List<String> problems) {
        try {
            STRICT_JSON.readTree(json);
        } catch (IOException e) {
            problems.add(file + ": is not strict JSON (a key twice in one object counts): " + e.getMessage());
            return null;
        }
        StateMachine machine;
        try {
            machine = StateMachineParserFactory.getStateMachineParser(SEATA_JSON_PARSER).parse(json);
        } catch (RuntimeException e) {
            problems.add(file + ": does not parse or validate with Seata's parser (\"" + SEATA_JSON_PARSER
                    + "\"): " + e);
            return null;
        }
        if (machine.getName() == null || machine.getName().isBlank()) {
            problems.add(file + ": the machine has no Name");
            return null;
        }
        return machine;
    }

    private static List<String> check(String file, String json, StateMachine machine) {
        JsonNode rawStates = readTree(json).path("States");
        Map<String, State> states = machine.getStates();
        Set<String> compensations = states.values().stream()
                .filter(s -> s instanceof TaskState t && t.getCompensateState() != null)
                .map(s -> ((TaskState) s).getCompensateState())
                .collect(Collectors.toSet());
        boolean forward = machine.getRecoverStrategy() == RecoverStrategy.Forward;
        String where = file + ": machine " + machine.getName();

        List<String> problems = new ArrayList<>();
        if (machine.getComment() != null && machine.getComment().length() > MAX_COMMENT) {
            // the engine stores the definition's Comment in seata_state_machine_def.comment_ (VARCHAR(255)) and
            // order-svc fails to start if it does not fit
            problems.add(where + ": Comment is " + machine.getComment().length() + " characters; at most " + MAX_COMMENT + " fit");
        }
        if (forward) {
            states.values().stream().filter(s -> s instanceof CompensationTriggerState)
                    .forEach(s -> problems.add(where + ", state " + s.getName()
                            + ": a Forward machine must contain no CompensationTrigger (it is never undone)"));
        }
        states.values().stream()
                .filter(s -> s instanceof ServiceTaskState)
                .map(s -> (ServiceTaskState) s)
                .sorted(Comparator.comparing(State::getName))
                .forEach(task -> {
                    String at = where + ", state " + task.getName() + ": ";
                    checkInput(task, at, problems);
                    if (compensations.contains(task.getName())) {
                        if (!retried(task)) {
                            problems.add(at + "a compensation state has no Retry (with MaxAttempts >= 1); "
                                    + "compensations must be retried, they cannot be refused");
                        }
                        return;
                    }
                    if (forward) {
                        if (!rawStates.path(task.getName()).path("IsForUpdate").asBoolean(false)) {
                            problems.add(at + "changes data in a Forward machine but does not declare "
                                    + "\"IsForUpdate\": true");
                        }
                        if (!retried(task)) {
                            problems.add(at + "changes data in a Forward machine but has no Retry with "
                                    + "MaxAttempts >= 1 (it is driven forward, so it must be retried)");
                        }
                        return;
                    }
                    String compensate = task.getCompensateState();
                    if (compensate == null || compensate.isBlank()) {
                        problems.add(at + "changes data but declares no CompensateState (RecoverStrategy "
                                + machine.getRecoverStrategy() + "); only a Forward machine may omit it");
                    } else if (!(states.get(compensate) instanceof ServiceTaskState)) {
                        problems.add(at + "its CompensateState \"" + compensate
                                + "\" is not a ServiceTask of this machine");
                    }
                    if (machine.getRecoverStrategy() == RecoverStrategy.Compensate && !catchesIntoTrigger(task, states)) {
                        problems.add(at + "a forward step of a Compensate machine has no Catch that routes to a "
                                + "CompensationTrigger, so its failure would not be compensated");
                    }
                });
        return problems;
    }

    private static void checkInput(ServiceTaskState task, String at, List<String> problems) {
        List<Object> input = task instanceof AbstractTaskState t ? t.getInput() : null;
        if (input == null || !input.equals(List.of(ORDER_ID_INPUT))) {
            problems.add(at + "Input must be exactly [\"" + ORDER_ID_INPUT + "\"] but is " + input
                    + " (Seata 2.0.0 loses start parameters on replay, #6257: read the rest from the order)");
        }
    }

    private static boolean retried(TaskState task) {
        return task.getRetry() != null && task.getRetry().stream().anyMatch(r -> r.getMaxAttempts() >= 1);
    }

    private static boolean catchesIntoTrigger(TaskState task, Map<String, State> states) {
        return task.getCatches() != null && task.getCatches().stream()
                .anyMatch(c -> states.get(c.getNext()) instanceof CompensationTriggerState);
    }

    private static JsonNode readTree(String json) {
        try {
            return STRICT_JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("already parsed once", e);
        }
    }
}
