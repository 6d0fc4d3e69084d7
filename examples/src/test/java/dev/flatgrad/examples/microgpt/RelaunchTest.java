package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelaunchTest {
    @Test
    void onlyTrainIsRelaunchedAndNeverTwiceOrWhenTurnedOff() {
        assertTrue(Relaunch.wanted(new String[] {"train"}, null, false));
        assertTrue(Relaunch.wanted(new String[] {"train", "--steps", "10"}, "on", false));
        assertFalse(Relaunch.wanted(new String[] {"train"}, null, true), "the child itself");
        assertFalse(Relaunch.wanted(new String[] {"train"}, " OFF ", false));
        assertFalse(Relaunch.wanted(new String[] {"sample", "--checkpoint", "run.ckpt"}, null, false));
        assertFalse(Relaunch.wanted(new String[] {}, null, false));
        assertFalse(Relaunch.wanted(new String[] {"train", "--help"}, null, false));
        assertFalse(Relaunch.wanted(new String[] {"train", "-V"}, null, false));
    }

    @Test
    void jitFlagsOfTheUsersOwnAreRespected() {
        assertTrue(Relaunch.hasJitFlags(List.of("-Xmx2g", "-XX:TieredStopAtLevel=4")));
        assertTrue(Relaunch.hasJitFlags(List.of("-XX:-TieredCompilation")));
        assertTrue(Relaunch.hasJitFlags(List.of("-Xint")));
        assertTrue(Relaunch.hasJitFlags(List.of("-XX:CompileThresholdScaling=0.5")));
        assertFalse(Relaunch.hasJitFlags(List.of("-Xmx2g", "--add-modules=jdk.incubator.vector", "-Dx=y")));
    }

    @Test
    void theChildRunsWithoutTheVectorApiModuleAndKeepsTheOthers() {
        assertEquals(List.of("-Xmx2g"), Relaunch.withoutVectorModule(List.of("-Xmx2g", "--add-modules=jdk.incubator.vector")));
        assertEquals(List.of("--add-modules=java.sql,jdk.jfr", "-Dx=y"),
                Relaunch.withoutVectorModule(List.of("--add-modules=java.sql,jdk.incubator.vector,jdk.jfr", "-Dx=y")));
        assertEquals(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED"),
                Relaunch.withoutVectorModule(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED")));
        assertFalse(Relaunch.jvmAllows(List.of("-XX:TieredStopAtLevel=4")));
    }

    @Test
    void aJvmWithADebuggerAgentOrRecordingIsNotRelaunched() {
        for (String tool : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xdebug",
                "-javaagent:/opt/agent.jar", "-agentpath:/opt/libprofiler.so",
                "-XX:StartFlightRecording=filename=run.jfr")) {
            assertFalse(Relaunch.jvmAllows(List.of("-Xmx1g", tool)), tool);
        }
        assertTrue(Relaunch.jvmAllows(List.of("-Xmx1g", "-Dfile.encoding=UTF-8", "--add-modules=jdk.incubator.vector")));
    }
}
