package dev.flatgrad.examples.microgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JitChoiceTest {
    @Test
    void workIsStepsTimesWidthSquaredOverSixteenSquaredTimesLayers() {
        assertEquals(1000, JitChoice.work(List.of()), "the main job");
        assertEquals(16_000, JitChoice.work(List.of("--n-embd", "64")));
        assertEquals(2 * 4 * 500, JitChoice.work(List.of("--steps=500", "--n-layer", "2", "--n-embd=32")));
        assertEquals(300, JitChoice.work(List.of("--steps", "100000", "--until", "300")), "--until ends the run");
        assertEquals(7, JitChoice.work(List.of("--steps", "5", "--data", "x.txt", "--steps", "7")), "the last one counts");
        assertEquals(1000, JitChoice.work(List.of("--batch", "64")), "the batch does not count");
    }

    @Test
    void unknownWorkIsNegative() {
        assertEquals(-1, JitChoice.work(List.of("--resume", "--checkpoint", "run.ckpt")));
        assertEquals(-1, JitChoice.work(List.of("--steps", "many")));
        assertEquals(-1, JitChoice.work(List.of("--steps", "-5")));
        assertEquals(-1, JitChoice.work(List.of("--n-embd", "99999999")));
    }

    @Test
    void shortRunsGetC1OnlyAndOthersNoFlags() {
        assertEquals(JitChoice.SHORT_RUN, JitChoice.flags(List.of()));
        assertEquals(JitChoice.SHORT_RUN, JitChoice.flags(List.of("--steps", Long.toString(JitChoice.SHORT_RUN_WORK))));
        assertEquals(List.of(), JitChoice.flags(List.of("--steps", Long.toString(JitChoice.SHORT_RUN_WORK + 1))));
        assertEquals(List.of(), JitChoice.flags(List.of("--steps", "2000", "--n-embd", "64")));
        assertEquals(List.of(), JitChoice.flags(List.of("--resume", "--checkpoint", "run.ckpt")));
    }
}
