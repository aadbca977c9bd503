package dev.orderplatform.payment;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.orderplatform.kit.testing.ArchitectureRules;

/** The shape DESIGN.md asks of every service (rules in platform-kit's ArchitectureRules). */
@AnalyzeClasses(packages = "dev.orderplatform.payment", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPlainJava = ArchitectureRules.domainIsPlainJava("dev.orderplatform.payment");

    @ArchTest
    static final ArchRule dependenciesPointInwards = ArchitectureRules.dependenciesPointInwards("dev.orderplatform.payment");

    @ArchTest
    static final ArchRule storesDoNotUseActions = ArchitectureRules.storesDoNotUseActions("dev.orderplatform.payment");

    @ArchTest
    static final ArchRule tccActionsDeclareTheirContextOnTheClass = ArchitectureRules.tccActionsDeclareTheirContextOnTheClass();
}
