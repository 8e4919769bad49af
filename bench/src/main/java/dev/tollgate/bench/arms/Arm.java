package dev.tollgate.bench.arms;

import dev.tollgate.bench.load.Target;

import java.util.List;
import java.util.OptionalLong;

/**
 * One system under test, running as its own OS process(es) in front of the shared simulator: an OpenAI
 * base URL with a ready key, the processes whose CPU and memory are the arm's, and its version.
 */
public interface Arm extends AutoCloseable {

    ArmKind kind();

    /** Base URL and the headers each request must carry. */
    Target target();

    /** The arm's processes now (an nginx master and its workers, a JVM, Node); empty for the direct arm. */
    List<Long> pids();

    /** The JVM to ask for heap figures, if the arm is one. */
    default OptionalLong jvmPid() {
        return OptionalLong.empty();
    }

    /** Name and version, as the report prints it. */
    String version();

    /** How many streams it can relay at once before running out of file descriptors. */
    int streamCapacity();

    /** The last line of the arm's own output that mentions an error, or null (none, or no process of its own). */
    default String lastErrorLine() {
        return null;
    }

    /** Stops the arm's processes. */
    @Override
    void close();
}
