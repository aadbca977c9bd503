package dev.orderplatform.kit.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;

/**
 * The shape every service keeps (DESIGN.md, "Layout"), checked by each service's ArchitectureTest:
 * {@code domain} is plain Java; dependencies point inwards ({@code api} → {@code tcc} → {@code store} →
 * {@code domain}); and TCC actions declare their Seata annotations where Seata 2.0 reads them.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** The business rules depend on nothing but the JDK and each other: no Spring, Seata, MyBatis or Mongo. */
    public static ArchRule domainIsPlainJava(String servicePackage) {
        return classes().that().resideInAPackage(servicePackage + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", servicePackage + ".domain..")
                .because("the domain is plain Java (DESIGN.md)");
    }

    /** Nothing depends on the HTTP layer; stores do not reach up into the TCC actions. */
    public static ArchRule dependenciesPointInwards(String servicePackage) {
        return noClasses().that().resideInAnyPackage(servicePackage + ".tcc..", servicePackage + ".store..",
                        servicePackage + ".domain..")
                .should().dependOnClassesThat().resideInAPackage(servicePackage + ".api..")
                .because("api uses tcc, store and domain, never the other way round");
    }

    /** The store layer never depends on the TCC layer. */
    public static ArchRule storesDoNotUseActions(String servicePackage) {
        return noClasses().that().resideInAPackage(servicePackage + ".store..")
                .should().dependOnClassesThat().resideInAPackage(servicePackage + ".tcc..");
    }

    /**
     * A {@code @LocalTCC} action keeps its {@code @TwoPhaseBusinessAction} and
     * {@code @BusinessActionContextParameter} annotations on its own methods and implements no interface that
     * declares them: Seata 2.0 proxies the class and reads the parameters' annotations from the class's method,
     * so annotations on an interface are silently ignored and Confirm/Cancel run without their context.
     */
    public static ArchRule tccActionsDeclareTheirContextOnTheClass() {
        return classes().that().areAnnotatedWith(LocalTCC.class)
                .should(new ArchCondition<JavaClass>("declare two-phase actions and context parameters on the class itself") {
                    @Override
                    public void check(JavaClass action, ConditionEvents events) {
                        boolean declaresAction = false;
                        for (JavaMethod method : action.getMethods()) {
                            if (method.isAnnotatedWith(TwoPhaseBusinessAction.class)) {
                                declaresAction = true;
                                boolean contextDeclared = method.getParameters().stream()
                                        .anyMatch(ArchitectureRules::isContextParameter);
                                if (!contextDeclared) {
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
                });
    }

    private static boolean isContextParameter(JavaParameter parameter) {
        return parameter.isAnnotatedWith(BusinessActionContextParameter.class);
    }
}
