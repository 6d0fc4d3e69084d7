package dev.flatgrad.dsl;

import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Where in the user's code a node was built: the first stack frame outside flatgrad's own library
 * classes. Error messages and printed graphs show it as {@code File.java:42}.
 */
public final class CallSite {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> LIBRARY_LOCATIONS = new CopyOnWriteArraySet<>();
    private static final CallSite UNKNOWN = new CallSite("?", 0);

    static {
        registerLibrary(CallSite.class);
    }

    private final String file;
    private final int line;

    private CallSite(String file, int line) {
        this.file = file;
        this.line = line;
    }

    /**
     * Marks the jar or class folder holding {@code anyClass} as library code, so frames from it are
     * skipped when looking for the user's line. Tests and examples live elsewhere and stay visible.
     */
    public static void registerLibrary(Class<?> anyClass) {
        String location = location(anyClass);
        if (location != null) {
            LIBRARY_LOCATIONS.add(location);
        }
    }

    /** The caller's site: the nearest frame that is neither JDK nor flatgrad library code. */
    public static CallSite capture() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLibrary(f.getDeclaringClass()))
                .findFirst()
                .map(f -> new CallSite(f.getFileName() == null ? f.getClassName() : f.getFileName(), f.getLineNumber()))
                .orElse(UNKNOWN));
    }

    private static boolean isLibrary(Class<?> c) {
        String name = c.getName();
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return true;
        }
        if (!name.startsWith("dev.flatgrad.") || name.startsWith("dev.flatgrad.examples.")) {
            return false;
        }
        return LIBRARY_LOCATIONS.contains(location(c));
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? null : url.toString();
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallSite c && c.line == line && Objects.equals(c.file, file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, line);
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
