package dev.nn.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CommandFilesTest {
    @TempDir
    Path folder;

    private String refused(CommandFiles files) {
        return assertThrows(UserInputException.class, files::check).getMessage();
    }

    @Test
    void anOutputOntoAnInputIsRefusedNamingBothRoles() throws IOException {
        Path spec = Files.writeString(folder.resolve("iris.yaml"), "spec");

        String message = refused(new CommandFiles().input("the spec", "SPEC", spec).output("--save", spec));

        assertEquals("--save " + spec + " is the spec (SPEC " + spec + "): refusing to overwrite an input", message);
    }

    @Test
    void theSameFileIsFoundThroughDotDotSymbolicLinksAndHardLinks() throws IOException {
        Path data = Files.writeString(Files.createDirectory(folder.resolve("data")).resolve("iris.csv"), "a,b\n");
        Path link = Files.createSymbolicLink(folder.resolve("link.csv"), Path.of("data/iris.csv"));
        Path hard = Files.createLink(folder.resolve("hard.csv"), data);
        Path linkedFolder = Files.createSymbolicLink(folder.resolve("d"), Path.of("data"));

        for (Path output : new Path[] {folder.resolve("data/../data/iris.csv"), link, hard,
                linkedFolder.resolve("iris.csv")}) {
            String message = refused(new CommandFiles().input("the training data", "spec.yaml data.train.path", data,
                    "data/iris.csv").output("--save", output));
            assertEquals("--save " + output + " is the training data (spec.yaml data.train.path data/iris.csv): "
                    + "refusing to overwrite an input", message);
        }
        assertEquals("a,b\n", Files.readString(data));
    }

    @Test
    void twoOutputsOntoOneFileAreRefusedEvenBeforeItExists() throws IOException {
        Path metrics = folder.resolve("m.yaml");
        Files.createDirectory(folder.resolve("sub"));

        String message = refused(new CommandFiles().output("--metrics", metrics)
                .output("--save", folder.resolve("sub/../m.yaml")));

        assertEquals("--save " + folder.resolve("sub/../m.yaml") + " is also --metrics " + metrics
                + ": refusing to write two outputs to one file", message);
    }

    @Test
    void distinctFilesDevicesAndMissingInputsPass() throws IOException {
        Path spec = Files.writeString(folder.resolve("iris.yaml"), "spec");

        new CommandFiles().input("the spec", "SPEC", spec).input("the input", "--input", folder.resolve("missing"))
                .output("--save", folder.resolve("model.yaml")).output("--metrics", folder.resolve("m.jsonl"))
                .output("--plot", Path.of("/dev/null")).output("--output", Path.of("/dev/null")).check();
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedFirst() throws IOException {
        Path spec = Files.writeString(folder.resolve("iris.yaml"), "spec");

        String message = refused(new CommandFiles().input("the spec", "SPEC", spec)
                .output("--save", folder.resolve("no/model.yaml")));

        assertEquals("--save " + folder.resolve("no/model.yaml") + ": the folder " + folder.resolve("no")
                + " does not exist", message);
    }
}
