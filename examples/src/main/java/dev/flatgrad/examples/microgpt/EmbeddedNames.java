package dev.flatgrad.examples.microgpt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The offline default dataset: English first names read at run time from the datafaker library's
 * own locale file {@value #RESOURCE} (no names file is copied into this repository).
 *
 * <p>datafaker defines {@code first_name} in that file as references to its two lists,
 * {@code #{female_first_name}} and {@code #{male_first_name}}; the names are every entry they
 * resolve to, lowercased, keeping only those made of the letters a–z (names with a space,
 * apostrophe, hyphen or accent are dropped), without duplicates (a name in both lists counts once),
 * sorted. With datafaker 2.7.0 that is 5,164 names from 1,220 male and 4,272 female entries.
 *
 * <p>The file is read with SnakeYAML, building only maps, lists and strings. On a cold JVM that
 * takes about a tenth of a second of CPU; the result is computed once and cached.
 */
public final class EmbeddedNames {
    /** The datafaker resource holding the English name lists. */
    public static final String RESOURCE = "en/name.yml";

    /** The mapping in {@value #RESOURCE} that holds {@code first_name} and the lists it refers to. */
    static final String SECTION = "en.faker.name";
    private static final List<String> SECTION_KEYS = List.of("en", "faker", "name");

    private static final String VERSION_RESOURCE = "META-INF/maven/net.datafaker/datafaker/pom.properties";

    private EmbeddedNames() {
    }

    private static final class Cache {
        static final List<String> NAMES = firstNames(nameSection(readResource(RESOURCE), RESOURCE));
        static final String VERSION = readVersion();
    }

    /** The names: lowercase a–z only, distinct, sorted. Immutable. */
    public static List<String> names() {
        return Cache.NAMES;
    }

    /** The names as documents, described as e.g. "embedded English first names from datafaker 2.7.0 (5,164 documents)". */
    public static Documents documents() {
        return new Documents(names(), Documents.describe(
                "embedded English first names from datafaker " + datafakerVersion(), names().size()));
    }

    /** The datafaker version on the class path, from its Maven metadata, or "(unknown version)". */
    public static String datafakerVersion() {
        return Cache.VERSION;
    }

    /**
     * The mapping {@value #SECTION} of a datafaker locale file, its keys and plain scalars read as
     * strings.
     *
     * @param source names the text in error messages, e.g. {@code "en/name.yml"}
     * @throws IllegalStateException naming {@code source}, if the text is not YAML or lacks the mapping
     */
    static Map<?, ?> nameSection(String yaml, String source) {
        Object node;
        try {
            node = load(yaml);
        } catch (YAMLException e) {
            throw new IllegalStateException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        for (String key : SECTION_KEYS) {
            node = node instanceof Map<?, ?> mapping ? mapping.get(key) : null;
        }
        if (!(node instanceof Map<?, ?> section)) {
            throw new IllegalStateException(source + " has no mapping " + SECTION + "; has the datafaker version changed?");
        }
        return section;
    }

    /**
     * The one YAML document in {@code yaml} as maps, lists and strings: SafeConstructor builds no
     * type a tag names, repeated keys are refused, and the resolver has no implicit types, so a
     * plain {@code No} or {@code Null} stays a string where YAML 1.1 would read false or null.
     */
    private static Object load(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Resolver plainScalarsAreStrings = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
            }
        };
        DumperOptions neverDumped = new DumperOptions(); // required by the constructor that takes a resolver
        return new Yaml(new SafeConstructor(options), new Representer(neverDumped), neverDumped, options,
                plainScalarsAreStrings).load(yaml);
    }

    /**
     * The first names defined by the lists of the {@value #SECTION} mapping: the entries of
     * {@code first_name}, with each {@code #{list}} reference replaced by the entries of that
     * sibling list, lowercased, filtered to a–z, distinct, sorted.
     *
     * @throws IllegalStateException if {@code first_name}, or a list it refers to, is missing or not a list of strings
     */
    static List<String> firstNames(Map<?, ?> section) {
        TreeSet<String> names = new TreeSet<>();
        for (String entry : resolve(section, "first_name", 0)) {
            String name = entry.toLowerCase(Locale.ROOT);
            if (isAToZ(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** The entries of list {@code key} of {@link #SECTION}, with whole-entry {@code #{other}} references expanded. */
    private static List<String> resolve(Map<?, ?> section, String key, int depth) {
        Object value = section.get(key);
        if (value == null) {
            throw new IllegalStateException(RESOURCE + " has no list " + SECTION + "." + key
                    + "; has the datafaker version changed? Keys found: " + section.keySet());
        }
        if (!(value instanceof List<?> entries)) {
            throw new IllegalStateException(RESOURCE + ": " + SECTION + "." + key + " is not a list: " + value);
        }
        if (depth > 8) {
            throw new IllegalStateException(RESOURCE + ": references nested too deeply at " + key);
        }
        List<String> out = new ArrayList<>();
        for (Object item : entries) {
            if (!(item instanceof String entry)) {
                throw new IllegalStateException(RESOURCE + ": " + SECTION + "." + key + " holds " + item + ", not a string");
            }
            if (entry.startsWith("#{") && entry.endsWith("}") && entry.indexOf('}') == entry.length() - 1) {
                out.addAll(resolve(section, entry.substring(2, entry.length() - 1), depth + 1));
            } else {
                out.add(entry); // a literal; one with a partial expression fails the a–z filter
            }
        }
        return out;
    }

    /** Whether {@code s} is non-empty and made only of the letters a–z (no regex: this runs on a cold JVM). */
    static boolean isAToZ(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String readResource(String name) {
        try (InputStream in = EmbeddedNames.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " not found on the class path;"
                        + " the embedded names need the net.datafaker:datafaker jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    private static String readVersion() {
        try (InputStream in = EmbeddedNames.class.getClassLoader().getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String version = p.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.strip();
                }
            }
        } catch (IOException e) {
            // fall through: the version only decorates a description
        }
        return "(unknown version)";
    }
}
