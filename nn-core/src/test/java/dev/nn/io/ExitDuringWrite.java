package dev.nn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program that starts replacing the file named by its argument and, while the temporary file is half-written,
 * calls {@code System.exit} from another thread, as a second Ctrl-C does.
 */
final class ExitDuringWrite {
    static final int EXIT_CODE = 42;

    private ExitDuringWrite() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path target = Path.of(args[0]);
        AtomicFiles.write(target, out -> {
            out.write(new byte[200_000]);
            Path temporary = AtomicFiles.temporaryFilesInProgress().iterator().next();
            if (!Files.exists(temporary)) {
                throw new IllegalStateException("no temporary file " + temporary);
            }
            System.out.println("writing " + temporary);
            System.out.flush();
            Thread exit = new Thread(() -> System.exit(EXIT_CODE));
            exit.start();
            try {
                exit.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.println("the write finished: the exit did not happen");
    }
}
