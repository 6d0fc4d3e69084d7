package dev.flatgrad.examples.microgpt;

/**
 * The pictures are drawn into images in memory, never on a screen: AWT runs headless, so drawing works on a
 * server, in CI and over SSH without a display (and never tries to reach one named by {@code DISPLAY}).
 */
public final class Headless {
    private Headless() {
    }

    /** Makes AWT headless; call before the first AWT or chart class draws anything. */
    public static void ensure() {
        System.setProperty("java.awt.headless", "true");
    }
}
