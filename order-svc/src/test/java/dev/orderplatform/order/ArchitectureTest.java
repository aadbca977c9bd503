package dev.orderplatform.order;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.orderplatform.kit.testing.ArchitectureRules;

/** The shape docs/architecture.md asks of every service (the rules are platform-kit's ArchitectureRules). */
@AnalyzeClasses(packages = "dev.orderplatform.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests serviceShape = ArchTests.in(ArchitectureRules.class);
}
