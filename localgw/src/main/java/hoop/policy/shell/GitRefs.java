package hoop.policy.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a repository has a branch or tag of a name, read from its files as git keeps them (loose refs and
 * packed-refs), so that "git checkout NAME" can be told apart: a switch to that ref, or a checkout of the file NAME.
 * What cannot be read counts as no ref: the command is then taken for the checkout of a file, which it may be.
 */
final class GitRefs {
    private GitRefs() {
    }

    static boolean named(Path workDir, String name) {
        Path gitDir = gitDir(workDir);
        // None found: GIT_DIR may name one elsewhere. A name that is both a file and a commit but no branch (HEAD~1,
        // a hash) makes git refuse it as ambiguous, so only branches and tags switch.
        if (gitDir == null) return false;
        for (Path common : List.of(gitDir, commonDir(gitDir))) {
            for (String kind : List.of("refs/heads/", "refs/tags/")) {
                if (Files.isRegularFile(common.resolve(kind + name))) return true;
            }
            try {
                for (String line : Files.readAllLines(common.resolve("packed-refs"), StandardCharsets.UTF_8)) {
                    if (line.endsWith(" refs/heads/" + name) || line.endsWith(" refs/tags/" + name)) return true;
                }
            } catch (IOException e) {
                // no packed refs
            }
        }
        return false;
    }

    /** The repository directory above dir: a ".git" directory, or the one a ".git" file (a worktree's) points at. */
    private static Path gitDir(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) return git;
            if (Files.isRegularFile(git)) {
                try {
                    String text = Files.readString(git, StandardCharsets.UTF_8).trim();
                    if (text.startsWith("gitdir:")) return d.resolve(text.substring(7).trim()).normalize();
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A worktree's refs live in the main repository's directory, which its "commondir" file names. */
    private static Path commonDir(Path gitDir) {
        try {
            return gitDir.resolve(Files.readString(gitDir.resolve("commondir"), StandardCharsets.UTF_8).trim()).normalize();
        } catch (IOException e) {
            return gitDir;
        }
    }
}
