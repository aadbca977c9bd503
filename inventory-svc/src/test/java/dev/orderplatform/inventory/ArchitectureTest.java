package dev.orderplatform.inventory;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.orderplatform.kit.testing.ArchitectureRules;

/** The shape DESIGN.md asks of every service (rules in platform-kit's ArchitectureRules). */
@AnalyzeClasses(packages = "dev.orderplatform.inventory", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPlainJava = ArchitectureRules.domainIsPlainJava("dev.orderplatform.inventory");

    @ArchTest
    static final ArchRule dependenciesPointInwards = ArchitectureRules.dependenciesPointInwards("dev.orderplatform.inventory");

    @ArchTest
    static final ArchRule storesDoNotUseActions = ArchitectureRules.storesDoNotUseActions("dev.orderplatform.inventory");

    @ArchTest
    static final ArchRule tccActionsDeclareTheirContextOnTheClass = ArchitectureRules.tccActionsDeclareTheirContextOnTheClass();
}
