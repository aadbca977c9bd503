package dev.orderplatform.kit.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;

/**
 * The shape every service keeps (docs/architecture.md, "Package shape"). Each service's ArchitectureTest includes these rules
 * with {@code ArchTests.in(ArchitectureRules.class)} and analyses only its own classes, so the package
 * patterns below mean "this service's":
 * {@code domain} is plain Java; nothing depends on the HTTP layer; stores do not reach into the TCC actions;
 * TCC actions declare their Seata annotations where Seata 2.0 reads them.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** The business rules depend on nothing but the JDK and each other: no Spring, Seata, MyBatis or Mongo. */
    @ArchTest
    public static final ArchRule DOMAIN_IS_PLAIN_JAVA = classes().that().resideInAPackage("dev.orderplatform..domain..")
            // javax.crypto is the JDK's own (a callback's HMAC is a business rule, not a framework concern)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "dev.orderplatform..domain..")
            .because("the domain is plain Java (docs/architecture.md)");

    @ArchTest
    public static final ArchRule NOTHING_DEPENDS_ON_THE_HTTP_LAYER = noClasses()
            .that().resideInAnyPackage("dev.orderplatform..tcc..", "dev.orderplatform..saga..", "dev.orderplatform..callbacks..",
                    "dev.orderplatform..integration..", "dev.orderplatform..store..", "dev.orderplatform..domain..")
            .should().dependOnClassesThat().resideInAPackage("dev.orderplatform..api..")
            .because("api uses the actions (tcc, saga, callbacks), store and domain, never the other way round");

    /** A service's store never uses its TCC actions (platform-kit's own mechanisms, like the Mongo fence, it may). */
    @ArchTest
    public static final ArchRule STORES_DO_NOT_USE_ACTIONS = noClasses().that().resideInAPackage("dev.orderplatform..store..")
            .should().dependOnClassesThat(resideInAnyPackage("dev.orderplatform..tcc..", "dev.orderplatform..saga..")
                    .and(resideOutsideOfPackage("dev.orderplatform.kit..")));

    /**
     * A {@code @LocalTCC} action keeps its {@code @TwoPhaseBusinessAction} and {@code @BusinessActionContextParameter}
     * annotations on its own methods and implements no interface that declares them: Seata 2.0 proxies the class
     * and reads the parameters' annotations from the class's method, so annotations on an interface are silently
     * ignored and Confirm/Cancel run without their context (docs/tcc.md, "Seata 2.0 traps": action context lost).
     */
    @ArchTest
    public static final ArchRule TCC_ACTIONS_DECLARE_THEIR_CONTEXT_ON_THE_CLASS = classes().that().areAnnotatedWith(LocalTCC.class)
            .should(new ArchCondition<JavaClass>("declare two-phase actions and context parameters on the class itself") {
                @Override
                public void check(JavaClass action, ConditionEvents events) {
                    boolean declaresAction = false;
                    for (JavaMethod method : action.getMethods()) {
                        if (method.isAnnotatedWith(TwoPhaseBusinessAction.class)) {
                            declaresAction = true;
                            if (method.getParameters().stream().noneMatch(ArchitectureRules::isContextParameter)) {
                                events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                        + " declares no @BusinessActionContextParameter: phase two would see no context"));
                            }
                        }
                    }
                    if (!declaresAction) {
                        events.add(SimpleConditionEvent.violated(action, action.getName() + " has no @TwoPhaseBusinessAction method"));
                    }
                    for (JavaClass type : action.getAllRawInterfaces()) {
                        for (JavaMethod method : type.getMethods()) {
                            if (method.isAnnotatedWith(TwoPhaseBusinessAction.class)
                                    || method.getParameters().stream().anyMatch(ArchitectureRules::isContextParameter)) {
                                events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                        + " declares TCC annotations on an interface, where Seata 2.0 ignores them"));
                            }
                        }
                    }
                }
            })
            .allowEmptyShould(true); // order-svc is a transaction manager, not a participant

    private static boolean isContextParameter(JavaParameter parameter) {
        return parameter.isAnnotatedWith(BusinessActionContextParameter.class);
    }
}
