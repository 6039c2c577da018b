package dev.afl.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled main classes: no package depends on itself
 * through others, and the packages that will form the core module use no framework, cloud, LLM or ONNX library, nor
 * an adapter package, so that moving them into a module of their own is a matter of moving files.
 */
class PackageRulesTest {

    /** The packages of the future core module ("..x.." = the package and its subpackages). */
    static final String[] CORE = {"dev.afl", "dev.afl.loop..", "dev.afl.agent", "dev.afl.agent.offline..",
        "dev.afl.agent.simulated..", "dev.afl.memory", "dev.afl.model", "dev.afl.catalog..", "dev.afl.data..",
        "dev.afl.evaluation..", "dev.afl.prompt..", "dev.afl.json..", "dev.afl.event..", "dev.afl.session.."};

    /** The adapters: each implements a core interface with one outside library, and becomes its own module. */
    static final String[] ADAPTERS = {"dev.afl.agent.llm..", "dev.afl.memory.dynamodb..", "dev.afl.model.onnx..",
        "dev.afl.model.embedding..", "dev.afl.model.remote.."};

    /** The entry points (applications and their wiring), which no core or adapter package may use. */
    static final String[] ENTRY_POINTS = {"dev.afl.app..", "dev.afl.api..", "dev.afl.cli..", "dev.afl.function.."};

    /** What the core may not touch (CDI annotations, {@code jakarta.inject}, are allowed: they are inert). */
    static final String[] OUTSIDE_LIBRARIES = {"io.quarkus..", "io.quarkiverse..", "software.amazon..",
        "com.amazonaws..", "dev.langchain4j..", "ai.onnxruntime..", "jakarta.ws.rs..", "org.eclipse.microprofile.."};

    /**
     * The one exception: qute-core, the standalone template engine the prompts are rendered with (a plain library,
     * no CDI, no Quarkus runtime), kept so that the prompt texts stay byte-identical.
     */
    static final String TEMPLATE_ENGINE = "io.quarkus.qute..";

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() throws IOException {
        // The main classes of every module of the reactor (this one runs last: it depends on all the functions, the
        // API and the test helpers of the API and the CLI), read from their build folders, so that the rules hold
        // across modules.
        List<Path> modules;
        try (Stream<Path> poms = Files.walk(Path.of("src"), 3)) {
            modules = poms.filter(path -> path.getFileName().toString().equals("pom.xml")).map(Path::getParent)
                    .filter(module -> Files.isDirectory(module.resolve("src/main/java"))).sorted().toList();
        }
        List<Path> outputs = modules.stream().map(module -> module.resolve("target/classes")).toList();
        List<Path> missing = outputs.stream().filter(folder -> !Files.isDirectory(folder)).toList();
        assertThat(missing).as("modules not compiled: run the rules from the root build (./mvnw test)").isEmpty();
        assertThat(modules).as("the modules with code").hasSizeGreaterThanOrEqualTo(16);
        classes = new ClassFileImporter().importPaths(outputs);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.afl.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void coreUsesNoFrameworkCloudLlmOrOnnxLibrary() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat(
                resideInAnyPackage(OUTSIDE_LIBRARIES).and(not(resideInAPackage(TEMPLATE_ENGINE))))
                .because("the core module depends on no Quarkus, AWS SDK, LangChain4j or ONNX Runtime artifact")
                .check(classes);
    }

    @Test
    void coreUsesNoAdapter() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .because("adapters implement the core's interfaces; the core reaches them only through those")
                .check(classes);
    }

    @Test
    void coreAndAdaptersUseNoEntryPoint() {
        noClasses().that().resideInAnyPackage(CORE).or().resideInAnyPackage(ADAPTERS).should()
                .dependOnClassesThat().resideInAnyPackage(ENTRY_POINTS)
                .because("the CLI, the API and the functions are assembled from the core and the adapters, not"
                        + " the other way round")
                .check(classes);
    }

    @Test
    void entryPointsDoNotUseEachOther() {
        noClasses().that().resideInAPackage("dev.afl.api..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.afl.cli..", "dev.afl.function..").check(classes);
        noClasses().that().resideInAPackage("dev.afl.function..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.afl.cli..", "dev.afl.api..").check(classes);
        noClasses().that().resideInAPackage("dev.afl.cli..").should().dependOnClassesThat()
                .resideInAPackage("dev.afl.function..")
                .because("the CLI may start the API (serve), never a function's handler").check(classes);
    }

    @Test
    void handlersAreBuiltOncePerContainerAndPrimedBeforeASnapshot() {
        // The Lambda runtime asks for the handler bean at every event: a dependent one was built anew each time.
        classes().that().implement(com.amazonaws.services.lambda.runtime.RequestHandler.class)
                .should().beAnnotatedWith(jakarta.inject.Singleton.class).check(classes);
        // A handler that registers its priming must exist before SnapStart's snapshot, not at the first event.
        DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> registersItsPriming = DescribedPredicate.describe(
                "register their priming (FunctionContext.primeWith)", type -> type.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> call.getTarget().getOwner().getSimpleName().equals("FunctionContext")
                                && call.getTarget().getName().equals("primeWith")));
        classes().that().implement(com.amazonaws.services.lambda.runtime.RequestHandler.class)
                .and(registersItsPriming)
                .should().beAnnotatedWith(io.quarkus.runtime.Startup.class).check(classes);
    }
}
