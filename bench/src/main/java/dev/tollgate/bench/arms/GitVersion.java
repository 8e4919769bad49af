package dev.tollgate.bench.arms;

import dev.tollgate.bench.load.ProcessStats;

import java.nio.file.Path;

/** The checkout's commit, marked {@code -dirty} when the work tree has uncommitted changes. */
public final class GitVersion {

    private GitVersion() {
    }

    public static String describe(Path repoRoot) {
        try {
            String commit = ProcessStats.run("git", "-C", repoRoot.toString(), "rev-parse", "--short=12", "HEAD").trim();
            if (commit.isEmpty() || commit.contains(" ")) {
                return "commit unknown";
            }
            String status = ProcessStats.run("git", "-C", repoRoot.toString(), "status", "--porcelain",
                    "--untracked-files=no").trim();
            return "commit " + commit + (status.isEmpty() ? "" : "-dirty");
        } catch (RuntimeException e) {
            return "commit unknown";
        }
    }
}
