package dev.nn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of the platform form no cycle, as the bytecode sees them: each package can be understood, tested and
 * changed with only the packages below it (see docs/architecture.md).
 */
class PackageDependenciesTest {
    private static final JavaClasses PLATFORM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nn");

    @Test
    void platformPackagesAreFreeOfCycles() {
        slices().matching("dev.nn.(*)..").should().beFreeOfCycles().check(PLATFORM);
    }

    @Test
    void onlyTheOnnxPackageUsesProtobuf() {
        noClasses().that().resideOutsideOfPackage("dev.nn.onnx..").should().dependOnClassesThat()
                .resideInAPackage("com.google.protobuf..").check(PLATFORM);
    }

    /**
     * The spec reads model files through its {@code ModelFileReader}, found by ServiceLoader, never by naming the
     * format's classes: the format writes specs, so it sits above them.
     */
    @Test
    void theSpecPackageKnowsNothingOfTheModelFileFormat() {
        noClasses().that().resideInAPackage("dev.nn.spec..").should().dependOnClassesThat()
                .resideInAPackage("dev.nn.modelfile..").check(PLATFORM);
    }

    /** The built-in optimizers and schedules are written against the SPI alone, as a plugin's would be. */
    @Test
    void builtInOptimizersAndSchedulesUseOnlyTheSpi() {
        classes().that().resideInAnyPackage("dev.nn.optimizers..", "dev.nn.schedules..").should()
                .onlyDependOnClassesThat().resideInAnyPackage("dev.nn.optimizers..", "dev.nn.schedules..",
                        "dev.nn.spi..", "dev.nn.tensor..", "java..").check(PLATFORM);
    }
}
