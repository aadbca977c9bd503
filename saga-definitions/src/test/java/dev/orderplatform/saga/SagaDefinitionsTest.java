package dev.orderplatform.saga;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every Seata Saga definition on the classpath ({@code classpath*:saga/*.json}, found by a resource scan, so
 * a new file is covered without touching this test) is parsed with Seata's own parser
 * ({@code StateMachineParserFactory.getStateMachineParser("jackson")}) and must satisfy these rules:
 * <ol>
 *   <li>It parses and passes Seata's validation, and its {@code Name} is used by no other file.</li>
 *   <li>A ServiceTask that is not itself a compensation state (i.e. not the target of some
 *       {@code CompensateState}) changes data; it must declare a {@code CompensateState} that names an existing
 *       ServiceTask of the same machine — except in a machine whose {@code RecoverStrategy} is {@code Forward}
 *       (past the point of no return: a paid order is finished, not undone), where each such state must instead
 *       declare {@code IsForUpdate: true} and a {@code Retry} with {@code MaxAttempts} ≥ 1, and the machine must
 *       contain no CompensationTrigger.</li>
 *   <li>A compensation state has a {@code Retry} (with {@code MaxAttempts} ≥ 1): compensations must be
 *       retried, they cannot be refused.</li>
 *   <li>In a machine whose {@code RecoverStrategy} is {@code Compensate}, every forward ServiceTask has a
 *       {@code Catch} that routes to a CompensationTrigger.</li>
 *   <li>Every ServiceTask takes exactly one input, {@code $.[orderId]}: Seata 2.0.0 loses a saga's start
 *       parameters when it replays an instance after a crash (apache/incubator-seata #6257), so the steps read
 *       everything else from the order.</li>
 * </ol>
 * A violation fails the test with one line per problem, naming the file, the machine and the state. The
 * second half of this class proves that each rule bites, on small broken definitions written inline.
 */
class SagaDefinitionsTest {

    @Test
    void everyDefinitionOnTheClasspathParsesAndKeepsTheCompensationRules() throws Exception {
        Map<String, String> definitions = SagaDefinitionRules.definitionsOnClasspath();

        assertThat(definitions)
                .as("saga definitions found by %s", SagaDefinitionRules.RESOURCES)
                .isNotEmpty();
        assertThat(SagaDefinitionRules.check(definitions))
                .as("problems in the saga definitions %s", definitions.keySet())
                .isEmpty();
    }

    @Test
    void theCheckoutSagasAreAmongThem() throws Exception {
        assertThat(SagaDefinitionRules.definitionsOnClasspath())
                .containsKeys("external_checkout.json", "settle_external_order.json");
    }

    // ---- each rule bites: a valid machine, then the same machine broken in one place --------------------

    /** A valid Compensate machine: two forward steps, their compensations, a trigger, a Succeed and a Fail. */
    private static final String COMPENSATE_MACHINE = """
            {
              "Name": "brokenCheckout",
              "StartState": "Reserve",
              "Version": "1.0.0",
              "RecoverStrategy": "Compensate",
              "States": {
                "Reserve": {
                  "Type": "ServiceTask", "ServiceName": "steps", "ServiceMethod": "reserve",
                  "Input": ["$.[orderId]"],
                  "CompensateState": "Release",
                  "Catch": [{"Exceptions": ["java.lang.Throwable"], "Next": "Compensate"}],
                  "Next": "Charge"
                },
                "Charge": {
                  "Type": "ServiceTask", "ServiceName": "steps", "ServiceMethod": "charge",
                  "Input": ["$.[orderId]"],
                  "CompensateState": "Refund",
                  "Catch": [{"Exceptions": ["java.lang.Throwable"], "Next": "Compensate"}],
                  "Next": "Done"
                },
                "Release": {
                  "Type": "ServiceTask", "ServiceName": "steps", "ServiceMethod": "release",
                  "Input": ["$.[orderId]"],
                  "Retry": [{"Exceptions": ["java.lang.Exception"], "IntervalSeconds": 1, "MaxAttempts": 3}]
                },
                "Refund": {
                  "Type": "ServiceTask", "ServiceName": "steps", "ServiceMethod": "refund",
                  "Input": ["$.[orderId]"],
                  "Retry": [{"Exceptions": ["java.lang.Exception"], "IntervalSeconds": 2, "MaxAttempts": 3}]
                },
                "Compensate": {"Type": "CompensationTrigger", "Next": "Failed"},
                "Done": {"Type": "Succeed"},
                "Failed": {"Type": "Fail", "ErrorCode": "REJECTED", "Message": "compensated"}
              }
            }
            """;

    /** A valid Forward machine: two for-update, retried steps and a Succeed. */
    private static final String FORWARD_MACHINE = """
            {
              "Name": "brokenSettlement",
              "StartState": "Confirm",
              "Version": "1.0.0",
              "RecoverStrategy": "Forward",
              "States": {
                "Confirm": {
                  "Type": "ServiceTask", "ServiceName": "steps", "ServiceMethod": "confirm",
                  "Input": ["$.[orderId]"],
                  "IsForUpdate": true,
                  "Retry": [{"Exceptions": ["java.lang.Exception"], "IntervalSeconds": 1, "MaxAttempts": 3}],
                  "Next": "MarkPaid"
                },
                "MarkPaid": {
                  "Type": "ServiceTask", "ServiceName": "steps", "ServiceMethod": "markPaid",
                  "Input": ["$.[orderId]"],
                  "IsForUpdate": true,
                  "Retry": [{"Exceptions": ["java.lang.Exception"], "IntervalSeconds": 1, "MaxAttempts": 3}],
                  "Next": "Paid"
                },
                "Paid": {"Type": "Succeed"}
              }
            }
            """;

    @Test
    void theValidInlineMachinesPass() {
        assertThat(SagaDefinitionRules.check("compensate.json", COMPENSATE_MACHINE)).isEmpty();
        assertThat(SagaDefinitionRules.check("forward.json", FORWARD_MACHINE)).isEmpty();
    }

    @Test
    void aServiceTaskWithoutCompensateStateInACompensateMachineIsReported() {
        String broken = COMPENSATE_MACHINE
                .replace("\"Next\": \"Done\"", "\"Next\": \"Ship\"")
                .replace("\"Done\": {\"Type\": \"Succeed\"},", """
                        "Ship": {
                              "Type": "ServiceTask", "ServiceName": "steps", "ServiceMethod": "ship",
                              "Input": ["$.[orderId]"],
                              "Catch": [{"Exceptions": ["java.lang.Throwable"], "Next": "Compensate"}],
                              "Next": "Done"
                            },
                            "Done": {"Type": "Succeed"},""");

        List<String> problems = SagaDefinitionRules.check("broken_checkout.json", broken);

        assertThat(problems).containsExactly("broken_checkout.json: machine brokenCheckout, state Ship: changes data"
                + " but declares no CompensateState (RecoverStrategy Compensate); only a Forward machine may omit it");
    }

    static Stream<Arguments> brokenDefinitions() {
        return Stream.of(
                arguments("a Comment longer than the engine's definition table holds",
                        COMPENSATE_MACHINE.replace("\"Name\": \"brokenCheckout\",",
                                "\"Name\": \"brokenCheckout\", \"Comment\": \"" + "x".repeat(256) + "\","),
                        "Comment is 256 characters; at most 255 fit"),
                arguments("a CompensateState naming no state",
                        COMPENSATE_MACHINE.replace("\"CompensateState\": \"Refund\"", "\"CompensateState\": \"Refnud\""),
                        "state Charge: its CompensateState \"Refnud\" is not a ServiceTask of this machine"),
                arguments("a CompensateState naming a state that is not a ServiceTask",
                        COMPENSATE_MACHINE.replace("\"CompensateState\": \"Refund\"", "\"CompensateState\": \"Done\""),
                        "state Charge: its CompensateState \"Done\" is not a ServiceTask of this machine"),
                arguments("a compensation without Retry",
                        COMPENSATE_MACHINE.replaceFirst(
                                ",\\s*\"Retry\": \\[\\{[^}]*\"IntervalSeconds\": 2[^}]*}]", ""),
                        "state Refund: a compensation state has no Retry"),
                arguments("a compensation whose Retry makes no attempt",
                        COMPENSATE_MACHINE.replace("\"IntervalSeconds\": 1, \"MaxAttempts\": 3",
                                "\"IntervalSeconds\": 1, \"MaxAttempts\": 0"),
                        "state Release: a compensation state has no Retry"),
                arguments("a forward step of a Compensate machine without a Catch",
                        COMPENSATE_MACHINE.replaceFirst(
                                "\"Catch\": \\[\\{\"Exceptions\": \\[\"java.lang.Throwable\"], \"Next\": \"Compensate\"}],", ""),
                        "state Reserve: a forward step of a Compensate machine has no Catch that routes to a"
                                + " CompensationTrigger"),
                arguments("a Catch that routes to the Fail instead of the CompensationTrigger",
                        COMPENSATE_MACHINE.replaceFirst("\"Next\": \"Compensate\"", "\"Next\": \"Failed\""),
                        "state Reserve: a forward step of a Compensate machine has no Catch that routes to a"
                                + " CompensationTrigger"),
                arguments("a step with a second input",
                        COMPENSATE_MACHINE.replaceFirst("\"Input\": \\[\"\\$\\.\\[orderId]\"]",
                                "\"Input\": [\"\\$.[orderId]\", \"\\$.[amount]\"]"),
                        "state Reserve: Input must be exactly [\"$.[orderId]\"] but is [$.[orderId], $.[amount]]"),
                arguments("a compensation reading a start parameter",
                        COMPENSATE_MACHINE.replace("\"ServiceMethod\": \"refund\",\n      \"Input\": [\"$.[orderId]\"]",
                                "\"ServiceMethod\": \"refund\",\n      \"Input\": [\"$.[paymentId]\"]"),
                        "state Refund: Input must be exactly [\"$.[orderId]\"] but is [$.[paymentId]]"),
                arguments("a step with no Input",
                        COMPENSATE_MACHINE.replace("\"ServiceMethod\": \"charge\",\n      \"Input\": [\"$.[orderId]\"],",
                                "\"ServiceMethod\": \"charge\","),
                        "state Charge: Input must be exactly [\"$.[orderId]\"] but is null"),
                arguments("a machine without RecoverStrategy still needs compensations",
                        COMPENSATE_MACHINE.replace("\"RecoverStrategy\": \"Compensate\",", "")
                                .replace("\"CompensateState\": \"Release\",", ""),
                        "state Reserve: changes data but declares no CompensateState (RecoverStrategy null)"),
                arguments("a Forward step without IsForUpdate",
                        FORWARD_MACHINE.replaceFirst("\"IsForUpdate\": true,", ""),
                        "machine brokenSettlement, state Confirm: changes data in a Forward machine but does not"
                                + " declare \"IsForUpdate\": true"),
                arguments("a Forward step without Retry",
                        FORWARD_MACHINE.replaceFirst(
                                "\"Retry\": \\[\\{\"Exceptions\": \\[\"java.lang.Exception\"], \"IntervalSeconds\": 1,"
                                        + " \"MaxAttempts\": 3}],", ""),
                        "state Confirm: changes data in a Forward machine but has no Retry with MaxAttempts >= 1"),
                arguments("a Forward machine with a CompensationTrigger",
                        FORWARD_MACHINE.replace("\"Paid\": {\"Type\": \"Succeed\"}",
                                "\"Paid\": {\"Type\": \"Succeed\"},\n    \"Undo\": {\"Type\": \"CompensationTrigger\", \"Next\": \"Paid\"}"),
                        "state Undo: a Forward machine must contain no CompensationTrigger"),
                arguments("a Next to a missing state (Seata's validator)",
                        COMPENSATE_MACHINE.replace("\"Next\": \"Done\"", "\"Next\": \"Dome\""),
                        "broken.json: does not parse or validate with Seata's parser (\"jackson\")"),
                arguments("a misspelt RecoverStrategy (Seata's parser)",
                        COMPENSATE_MACHINE.replace("\"RecoverStrategy\": \"Compensate\"", "\"RecoverStrategy\": \"Compensation\""),
                        "broken.json: does not parse or validate"),
                arguments("a state name used twice",
                        COMPENSATE_MACHINE.replace("\"Done\": {\"Type\": \"Succeed\"},",
                                "\"Done\": {\"Type\": \"Succeed\"},\n    \"Done\": {\"Type\": \"Succeed\"},"),
                        "broken.json: is not strict JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDefinitions")
    void eachRuleBites(String what, String broken, String expected) {
        assertThat(broken).as("the test's own edit must change the machine").isNotEqualTo(COMPENSATE_MACHINE)
                .isNotEqualTo(FORWARD_MACHINE);

        assertThat(SagaDefinitionRules.check("broken.json", broken))
                .as(what)
                .anySatisfy(problem -> assertThat(problem).startsWith("broken.json: ").contains(expected));
    }

    @Test
    void twoFilesWithTheSameNameAreReported() {
        List<String> problems = SagaDefinitionRules.check(Map.of(
                "a.json", COMPENSATE_MACHINE,
                "b.json", COMPENSATE_MACHINE));

        assertThat(problems).singleElement().asString()
                .startsWith("machine brokenCheckout: Name is used by 2 files");
    }
}
