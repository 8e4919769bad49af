package dev.tollgate.bench.arms;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the checkout's own build output (the {@code target/} jars and class directories on the class path)
 * into the run's scratch directory, and returns the class path with the copies. A JVM loads classes lazily
 * from its jars, so a rebuild during a twenty-minute run (a developer's {@code mvn install}) would otherwise
 * swap classes under running gateways: the first stream then fails with ClassNotFoundException. Jars from
 * the local Maven repository do not change and are used in place.
 */
public final class ClassPathSnapshot {

    private ClassPathSnapshot() {
    }

    public static String copy(String classPath, Path repoRoot, Path into) {
        Path root = repoRoot.toAbsolutePath().normalize();
        List<String> entries = new ArrayList<>();
        int n = 0;
        try {
            Files.createDirectories(into);
            for (String entry : classPath.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path source = Path.of(entry).toAbsolutePath().normalize();
                if (!source.startsWith(root) || !Files.exists(source)) {
                    entries.add(entry);
                    continue;
                }
                Path target = into.resolve((n++) + "-" + source.getFileName());
                copyTree(source, target);
                entries.add(target.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot the class path: " + e.getMessage(), e);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
