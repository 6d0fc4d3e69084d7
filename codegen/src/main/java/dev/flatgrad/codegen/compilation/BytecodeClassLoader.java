package dev.flatgrad.codegen.compilation;

import java.util.Map;

/** Defines a program's classes from bytecode kept in the compile cache, as Janino's own loader would have. */
final class BytecodeClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BytecodeClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
        super(parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
