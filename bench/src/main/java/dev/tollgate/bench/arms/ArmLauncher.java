package dev.tollgate.bench.arms;

/** Starts an arm of a given kind. Thread-safe. */
public final class ArmLauncher {

    private final ArmSetup setup;

    public ArmLauncher(ArmSetup setup) {
        this.setup = setup;
    }

    public ArmSetup setup() {
        return setup;
    }

    /**
     * Starts the arm and returns once it answers with a ready key.
     *
     * @throws IllegalStateException when it cannot start (not installable, exits, never answers)
     */
    public Arm start(ArmKind kind) {
        return switch (kind) {
            case DIRECT -> new DirectArm(setup);
            case NGINX -> NginxArm.start(setup);
            case TOLLGATE_PASS_THROUGH, TOLLGATE_FULL -> TollgateArm.start(kind, setup);
            case PORTKEY -> PortkeyArm.start(setup);
        };
    }
}
