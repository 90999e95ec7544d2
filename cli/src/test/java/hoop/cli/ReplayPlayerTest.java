package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real exec session (colours, carriage returns, masked output) replayed: as asciicast checked by the real
 * `asciinema cat`, and in the interactive player driven in tmux (a real terminal) with the player's keys.
 */
class ReplayPlayerTest {
    static final Tmux TMUX = new Tmux("replay");
    static final String SCRIPT = "printf '\\033[32mgreen text\\033[0m\\n'; for i in 1 2 3; do printf \"\\rstep $i/3\"; sleep 0.1; done; "
            + "echo; echo mail bob@example.com; echo done-marker";

    @TempDir
    static Path dir;
    static TestGateway gw;
    static String id;
    static int events;

    @BeforeAll
    static void record() throws Exception {
        gw = new TestGateway(dir.resolve("home"), ExecEndToEndTest.CONFIG, Map.of("API_TOKEN", ExecEndToEndTest.SECRET));
        assertEquals(0, gw.hoop("exec", "shell", "--", SCRIPT).exit());
        id = new ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        events = new ObjectMapper().readTree(gw.hoop("replay", id, "--format", "json").out()).get("event_count").asInt();
    }

    @AfterAll
    static void stop() throws Exception {
        TMUX.close();
        if (gw != null) gw.close();
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + List.of(cmd));
        assertEquals(0, p.exitValue(), List.of(cmd) + ":\n" + out);
        return out;
    }

    @Test
    void asciicastIsAcceptedByAsciinema() throws Exception {
        var r = gw.hoop("replay", id.substring(0, 8), "--format", "asciicast");
        assertEquals(0, r.exit(), r.err());
        Path cast = dir.resolve("session.cast");
        Files.writeString(cast, r.out());
        // asciinema cat insists on a terminal (it reads /dev/tty): script(1) gives it one.
        String shown = run("script", "-q", "-e", "-c", "asciinema cat '" + cast + "'", "/dev/null");
        assertTrue(shown.contains("\033[32mgreen text\033[0m"), shown);
        assertTrue(shown.contains("\rstep 1/3") && shown.contains("\rstep 3/3"), shown);
        assertTrue(shown.contains("mail [EMAIL]") && !shown.contains("bob@example.com"), shown);
        assertTrue(shown.contains("done-marker"), shown);
    }

    @Test
    void interactivePlayerPlaysStepsJumpsSearchesAndQuits() throws Exception {
        TMUX.start(120, 40, Tmux.hoop(gw.home, "replay " + id.substring(0, 8)) + "; echo player-exited; sleep 30");
        String s = TMUX.await("session " + id, "end of session", events + "/" + events);
        assertTrue(s.contains("green text") && s.contains("step 3/3") && s.contains("mail [EMAIL]"), s);
        assertFalse(s.contains("step 1/3"), "carriage returns overwrite the progress line as in a terminal:\n" + s);

        TMUX.keys("g");
        s = TMUX.await(" 1/" + events + " ");
        assertFalse(s.contains("done-marker"), s);
        TMUX.keys("Right");
        s = TMUX.await(" 2/" + events + " ", "$ printf");
        TMUX.keys("Left");
        s = TMUX.await(" 1/" + events + " ");
        assertFalse(s.contains("$ printf"), s);

        TMUX.keys("/");
        TMUX.type("done-marker");
        TMUX.keys("Enter");
        s = TMUX.await("'done-marker' at event", "done-marker");

        TMUX.keys("G");
        TMUX.await(" " + events + "/" + events + " ", "session closed");
        TMUX.keys("q");
        TMUX.await("player-exited");
    }
}
