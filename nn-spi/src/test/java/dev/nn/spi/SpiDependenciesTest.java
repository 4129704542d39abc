package dev.nn.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * What plugins compile against depends on the JDK only: a plugin never needs, and can never reach through the SPI,
 * a library the platform hides from it at run time.
 */
class SpiDependenciesTest {
    private static final JavaClasses SPI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nn.spi", "dev.nn.tensor");

    /**
     * The JDK: {@code java..}, {@code jdk..} (the Vector API of {@code jdk.incubator.vector}) and
     * {@code com.sun.management} (the JDK's module {@code jdk.management}, which the tensor kernels ask whether the
     * optimising compiler runs).
     */
    @Test
    void spiAndTensorDependOnTheJdkAndEachOtherOnly() {
        classes().that().resideInAnyPackage("dev.nn.spi..", "dev.nn.tensor..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "jdk..", "com.sun.management..", "dev.nn.spi..", "dev.nn.tensor..")
                .check(SPI);
    }

    /**
     * The Vector API is named only by the four classes that are loaded after checking that the JVM has the module
     * (the float64 and float32 micro-kernels and elementwise loops): every other class must load on a JVM without it.
     */
    @Test
    void onlyTheVectorKernelsNameTheVectorApi() {
        classes().that().resideInAnyPackage("dev.nn.spi..", "dev.nn.tensor..")
                .and().haveNameNotMatching("dev\\.nn\\.tensor\\.Vector(Float)?(MicroKernel|Elementwise)(\\$.*)?")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("jdk.incubator.vector..")
                .check(SPI);
    }

    @Test
    void spiAndTensorAreFreeOfCycles() {
        slices().matching("dev.nn.(*)..").should().beFreeOfCycles().check(SPI);
    }
}
