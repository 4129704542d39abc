package dev.nn.plugins;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a plugin class so that it cannot end the process: every call of {@code System.exit(int)},
 * {@code Runtime.exit(int)} and {@code Runtime.halt(int)}, whether an invoke instruction, a method reference
 * ({@code System::exit}, an {@code invokedynamic} argument) or a method handle constant, becomes a call of the same
 * shape to {@link PluginExits}, which throws {@link ExitRefusedException}. Stack shapes are unchanged, so no frame is
 * recomputed and no other class is loaded.
 *
 * <p>Reflection ({@code Method.invoke}, {@code MethodHandles.Lookup.findStatic}) and native code are not covered.
 */
final class ExitCallRewriter {
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String EXIT_DESCRIPTOR = "(I)V";
    private static final String RUNTIME_DESCRIPTOR = "(Ljava/lang/Runtime;I)V";
    /** The newest class-file version Java 17 runs; newer ones are left for {@code defineClass} to refuse. */
    private static final int JAVA_17 = 61;

    private ExitCallRewriter() {
    }

    /**
     * {@code classFile} with its exit calls rewritten, or {@code classFile} itself when it has none (or is not a
     * class file this JVM can run, which {@code defineClass} then reports).
     */
    static byte[] rewrite(byte[] classFile) {
        if (classFile.length < 8 || !mentionsExit(classFile)) {
            return classFile;
        }
        int major = ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
        if (major > JAVA_17) {
            return classFile;
        }
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            Rewriting rewriting = new Rewriting(writer);
            reader.accept(rewriting, 0);
            return rewriting.changed ? writer.toByteArray() : classFile;
        } catch (RuntimeException malformed) {
            return classFile; // defineClass reports a malformed class file better than we can
        }
    }

    /** Whether the bytes hold {@code exit} or {@code halt}, as every class calling them does in its constant pool. */
    private static boolean mentionsExit(byte[] bytes) {
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if ((bytes[i] == 'e' && bytes[i + 1] == 'x' && bytes[i + 2] == 'i' && bytes[i + 3] == 't')
                    || (bytes[i] == 'h' && bytes[i + 1] == 'a' && bytes[i + 2] == 'l' && bytes[i + 3] == 't')) {
                return true;
            }
        }
        return false;
    }

    /** The replacement of a call, or {@code null} when it is not an exit call. */
    private static String[] replacement(String owner, String name, String descriptor, boolean isStatic) {
        if (!EXIT_DESCRIPTOR.equals(descriptor)) {
            return null;
        }
        if (isStatic && SYSTEM.equals(owner) && "exit".equals(name)) {
            return new String[] {"systemExit", EXIT_DESCRIPTOR};
        }
        if (!isStatic && RUNTIME.equals(owner) && "exit".equals(name)) {
            return new String[] {"runtimeExit", RUNTIME_DESCRIPTOR};
        }
        if (!isStatic && RUNTIME.equals(owner) && "halt".equals(name)) {
            return new String[] {"runtimeHalt", RUNTIME_DESCRIPTOR};
        }
        return null;
    }

    private static final class Rewriting extends ClassVisitor {
        boolean changed;

        Rewriting(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    String[] to = opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL
                            ? replacement(owner, method, desc, opcode == Opcodes.INVOKESTATIC) : null;
                    if (to == null) {
                        super.visitMethodInsn(opcode, owner, method, desc, itf);
                    } else {
                        changed = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, PluginExits.INTERNAL_NAME, to[0], to[1], false);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    super.visitLdcInsn(value instanceof Handle handle ? handle(handle) : value);
                }

                @Override
                public void visitInvokeDynamicInsn(String method, String desc, Handle bootstrap, Object... arguments) {
                    Object[] rewritten = arguments.clone();
                    for (int i = 0; i < rewritten.length; i++) {
                        if (rewritten[i] instanceof Handle handle) {
                            rewritten[i] = handle(handle);
                        }
                    }
                    super.visitInvokeDynamicInsn(method, desc, bootstrap, rewritten);
                }
            };
        }

        private Object handle(Handle handle) {
            int tag = handle.getTag();
            String[] to = tag == Opcodes.H_INVOKESTATIC || tag == Opcodes.H_INVOKEVIRTUAL
                    ? replacement(handle.getOwner(), handle.getName(), handle.getDesc(), tag == Opcodes.H_INVOKESTATIC)
                    : null;
            if (to == null) {
                return handle;
            }
            changed = true;
            return new Handle(Opcodes.H_INVOKESTATIC, PluginExits.INTERNAL_NAME, to[0], to[1], false);
        }
    }
}
