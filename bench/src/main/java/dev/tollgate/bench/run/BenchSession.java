package dev.tollgate.bench.run;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.arms.ArmLauncher;
import dev.tollgate.bench.arms.SimulatorProcess;
import dev.tollgate.bench.load.LoadClient;
import dev.tollgate.bench.load.Target;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What scenarios share during a run: the settings, the running arms (in report order), a launcher for
 * fresh arms, the load client, the simulator and the seeded round shuffler. Single-threaded.
 */
public final class BenchSession {

    private final BenchSettings settings;
    private final Map<ArmKind, Arm> arms;
    private final ArmLauncher launcher;
    private final LoadClient client;
    private final SimulatorProcess simulator;
    private final Rounds rounds;
    private final List<String> notes = new ArrayList<>();

    public BenchSession(BenchSettings settings, Map<ArmKind, Arm> arms, ArmLauncher launcher, LoadClient client,
                        SimulatorProcess simulator) {
        this.settings = settings;
        this.arms = arms;
        this.launcher = launcher;
        this.client = client;
        this.simulator = simulator;
        this.rounds = new Rounds(settings.seed());
    }

    public BenchSettings settings() {
        return settings;
    }

    /** The running arms, in report order. */
    public List<Arm> arms() {
        return List.copyOf(arms.values());
    }

    public Arm arm(ArmKind kind) {
        return arms.get(kind);
    }

    public ArmLauncher launcher() {
        return launcher;
    }

    public LoadClient client() {
        return client;
    }

    public Rounds rounds() {
        return rounds;
    }

    public Path javaHome() {
        return launcher.setup().javaHome();
    }

    /** The simulator itself, which the reference stream and the direct arm use. */
    public Target directTarget() {
        return new Target(simulator.baseUrl(), Map.of("authorization", "Bearer " + launcher.setup().upstreamKey()));
    }

    public long simulatorPid() {
        return simulator.pid();
    }

    /** A note for the report's notes section, about the run rather than one scenario. */
    public void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
