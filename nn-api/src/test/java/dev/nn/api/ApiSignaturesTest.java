package dev.nn.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The API shows an application only its own types and the JDK's, so the platform's internals can change without
 * breaking it; and nothing in the platform depends on the API.
 */
final class ApiSignaturesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nn");

    @Test
    void publicMethodsTakeAndReturnOnlyApiAndJdkTypes() {
        methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("dev.nn.api")
                .should(new ArchCondition<JavaMethod>("take and return only dev.nn.api and java.. types") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        for (JavaClass type : method.getAllInvolvedRawTypes()) {
                            if (!allowed(type)) {
                                events.add(SimpleConditionEvent.violated(method, method.getFullName() + " uses "
                                        + type.getName()));
                            }
                        }
                    }
                })
                .check(CLASSES);
    }

    @Test
    void nothingInThePlatformDependsOnTheApi() {
        noClasses().that().resideOutsideOfPackage("dev.nn.api..")
                .should().dependOnClassesThat().resideInAPackage("dev.nn.api..")
                .check(CLASSES);
    }

    private static boolean allowed(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return base.isPrimitive() || base.getPackageName().startsWith("java.")
                || base.getPackageName().equals("dev.nn.api");
    }
}
