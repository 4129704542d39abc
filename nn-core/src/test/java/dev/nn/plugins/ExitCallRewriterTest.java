package dev.nn.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Classes loaded by a {@link PluginClassLoader} cannot end the process: the calls are rewritten to throw. Were the
 * rewriting broken, these tests would end the test JVM (and so fail the build).
 */
final class ExitCallRewriterTest {
    @Test
    void systemExitInAPluginClassThrowsNamingTheCallAndTheCaller(@TempDir Path folder) throws Exception {
        Runnable quitter = load(folder, "com.example.Quitter", method -> {
            method.visitInsn(Opcodes.ICONST_3);
            method.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
        });

        ExitRefusedException e = assertThrows(ExitRefusedException.class, quitter::run);

        assertEquals("System.exit(3)", e.call());
        assertEquals("com.example.Quitter.run", e.caller());
    }

    @Test
    void runtimeHaltInAPluginClassThrows(@TempDir Path folder) throws Exception {
        Runnable halter = load(folder, "com.example.Halter", method -> {
            method.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Runtime", "getRuntime", "()Ljava/lang/Runtime;",
                    false);
            method.visitIntInsn(Opcodes.BIPUSH, 7);
            method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Runtime", "halt", "(I)V", false);
        });

        ExitRefusedException e = assertThrows(ExitRefusedException.class, halter::run);

        assertEquals("Runtime.halt(7)", e.call());
    }

    @Test
    void aClassWithoutExitCallsIsDefinedFromItsOwnBytes() {
        byte[] bytes = runnable("com.example.Quiet", method -> method.visitInsn(Opcodes.NOP));

        assertSame(bytes, ExitCallRewriter.rewrite(bytes));
    }

    private interface Body {
        void emit(MethodVisitor method);
    }

    /** Writes a {@code Runnable} whose {@code run()} is {@code body} into a jar and loads it as a plugin. */
    private static Runnable load(Path folder, String className, Body body) throws Exception {
        Path jar = folder.resolve("plugin.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry(className.replace('.', '/') + ".class"));
            jarOut.write(runnable(className, body));
            jarOut.closeEntry();
        }
        try (PluginClassLoader loader = new PluginClassLoader("plugin.jar", List.of(jar.toUri().toURL()),
                ExitCallRewriterTest.class.getClassLoader())) {
            return (Runnable) loader.loadClass(className).getConstructor().newInstance();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] runnable(String className, Body body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        String internal = className.replace('.', '/');
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, internal, null, "java/lang/Object",
                new String[] {"java/lang/Runnable"});
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        run.visitCode();
        body.emit(run);
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
