package dev.nn.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The command line's packages form no cycle, with each other or with the platform's: {@code dev.nn.cli} (the entry
 * point) wires {@code dev.nn.cli.commands}, which use {@code dev.nn.cli.output} and {@code dev.nn.cli.support}.
 * {@code dev.nn.cli.docs} reads the command line to document it, and nothing that runs a command depends on it.
 */
class CliPackageDependenciesTest {
    private static final JavaClasses CLI_AND_PLATFORM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nn");

    @Test
    void everyPackageIsFreeOfCycles() {
        slices().matching("dev.nn.(**)").should().beFreeOfCycles().check(CLI_AND_PLATFORM);
    }

    @Test
    void nothingThatRunsACommandDependsOnTheReferenceGenerator() {
        noClasses().that().resideOutsideOfPackage("dev.nn.cli.docs")
                .should().dependOnClassesThat().resideInAPackage("dev.nn.cli.docs")
                .check(CLI_AND_PLATFORM);
    }
}
