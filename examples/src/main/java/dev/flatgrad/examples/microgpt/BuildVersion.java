package dev.flatgrad.examples.microgpt;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven built, read from a resource it filtered. */
final class BuildVersion implements IVersionProvider {
    private static final String RESOURCE = "/dev/flatgrad/examples/microgpt/build.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"flatgrad microgpt " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }

    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "(unknown version: " + RESOURCE + " is missing)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version: " + e.getMessage() + ")";
        }
    }
}
