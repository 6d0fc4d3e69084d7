package dev.flatgrad.testing;

import dev.flatgrad.dsl.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The primitive ops that exist, found on disk: every concrete {@link Op} implementation among the
 * class files of graph-dsl's main classes (a folder, or a jar). Nothing is listed by hand, so a
 * new op shows up here without anyone remembering to register it.
 */
public final class OpInventory {
    private OpInventory() {
    }

    public static List<Class<? extends Op>> opClasses() {
        Path root = location();
        List<String> names = Files.isDirectory(root) ? classNamesInFolder(root) : classNamesInJar(root);
        List<Class<? extends Op>> ops = new ArrayList<>();
        for (String name : names) {
            Class<?> c = load(name);
            if (Op.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                ops.add(c.asSubclass(Op.class));
            }
        }
        return ops;
    }

    /**
     * The coverage keys ({@link OpKeys}) a gradient suite must exercise: one per kind for op classes
     * that bundle kinds, except those in {@code classLevelOnly}, which need any one of their kinds.
     */
    public static Set<String> requiredKeys(List<Class<? extends Op>> ops, Set<Class<?>> classLevelOnly) {
        Set<String> keys = new TreeSet<>();
        for (Class<? extends Op> op : ops) {
            Class<?> kinds = kindEnum(op);
            if (kinds == null || classLevelOnly.contains(op)) {
                keys.add(op.getSimpleName());
            } else {
                for (Object kind : kinds.getEnumConstants()) {
                    keys.add(OpKeys.of(op, (Enum<?>) kind));
                }
            }
        }
        return keys;
    }

    /** The class-level key of a kind key: {@code Unary.exp} → {@code Unary}. */
    public static String classKey(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    private static Class<?> kindEnum(Class<?> op) {
        for (Class<?> nested : op.getDeclaredClasses()) {
            if (nested.isEnum() && nested.getSimpleName().equals("Kind")) {
                return nested;
            }
        }
        return null;
    }

    private static Path location() {
        try {
            return Path.of(Op.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + Op.class.getName(), e);
        }
    }

    private static List<String> classNamesInFolder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(p -> p.endsWith(".class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace(root.getFileSystem().getSeparator(), "."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classNamesInJar(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String entry = entries.nextElement().getName();
                if (entry.endsWith(".class") && !entry.endsWith("module-info.class")) {
                    names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(null);
        return names;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OpInventory.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("class file without a loadable class: " + name, e);
        }
    }
}
