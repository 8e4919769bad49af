package dev.tollgate.bench.arms;

import dev.tollgate.bench.load.Target;

import java.util.List;
import java.util.Map;

/** The baseline: the client calls the simulator itself. Every "added" figure is relative to this arm. */
final class DirectArm implements Arm {

    private final Target target;

    DirectArm(ArmSetup setup) {
        this.target = new Target(setup.upstreamUrl(), Map.of("authorization", "Bearer " + setup.upstreamKey()));
    }

    @Override
    public ArmKind kind() {
        return ArmKind.DIRECT;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public List<Long> pids() {
        return List.of();
    }

    @Override
    public String version() {
        return "no proxy (Tollgate's provider simulator, same build)";
    }

    @Override
    public int streamCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void close() {
        // nothing of its own to stop: the simulator belongs to the whole run
    }
}
