package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a command line reads, as hoop looks at them before it runs (see hoop.guard.ReadFileSecrets). */
class FilesReadTest {
    @TempDir
    Path dir;

    private static List<String> of(String script) {
        return FilesRead.of(List.of("bash", "-c", script));
    }

    @Test
    void operandsOfReadingProgramsAndRedirectionsButNotPatternsOrScripts() {
        assertEquals(List.of("/srv/.env"), of("cut -d= -f2 /srv/.env"));
        assertEquals(List.of("/srv/.env"), of("grep PASSWORD /srv/.env | cut -d= -f2"));
        assertEquals(List.of("/srv/.env"), of("awk -F= '/PASS/{print $2}' /srv/.env"));
        assertEquals(List.of("/srv/.env"), of("sed -n 's/^PASS=//p' /srv/.env"));
        // jq's filter is read as a file too (what does not exist is not looked at): the operands list is a program's, not jq's.
        assertTrue(of("jq -r .db.password /srv/conf.json").contains("/srv/conf.json"));
        assertEquals(List.of("/srv/.env"), of("while read l; do echo ${l#*=}; done < /srv/.env"));
        assertEquals(List.of("/srv/.env"), of("tr = ' ' < /srv/.env"));
        assertEquals(List.of("~/.aws/credentials"), of("cat ~/.aws/credentials | cut -d= -f2"));
        assertEquals(List.of(), of("echo hello; date"));
    }

    @Test
    void variablesDirectoriesAndGlobsAsTheAnalysisResolvesThem() throws Exception {
        assertEquals(List.of("/srv/.env"), of("f=/srv/.env; cut -d= -f2 \"$f\""));
        assertEquals(Set.of("/srv/a.env", "/srv/b.env"), Set.copyOf(of("for f in /srv/a.env /srv/b.env; do cut -d= -f2 $f; done")));
        assertEquals(List.of("/srv/app/.env"), of("cd /srv/app && cut -d= -f2 .env"));
        Files.writeString(dir.resolve("one.json"), "{}");
        Files.writeString(dir.resolve("two.json"), "{}");
        assertTrue(of("jq .x " + dir + "/*.json").containsAll(List.of(dir.resolve("one.json").toString(), dir.resolve("two.json").toString())));
        // Read at run time: not named, so not looked at.
        assertEquals(List.of(), of("read f; cut -d= -f2 \"$f\""));
    }
}
