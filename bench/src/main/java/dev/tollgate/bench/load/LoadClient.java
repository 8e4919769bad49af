package dev.tollgate.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's Vert.x instance: a few event loops on which each run deploys its own
 * {@link Lanes} (fresh connection pools, so no arm inherits another arm's connections). Thread-safe.
 */
public final class LoadClient implements AutoCloseable {

    private final Vertx vertx;
    private final int laneCount;

    private LoadClient(Vertx vertx, int laneCount) {
        this.vertx = vertx;
        this.laneCount = laneCount;
    }

    /** One event loop per lane; two lanes are enough for 5k RPS and leave the other processes room. */
    public static LoadClient start(int lanes) {
        return new LoadClient(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(lanes)
                .setPreferNativeTransport(false)), lanes);
    }

    public int laneCount() {
        return laneCount;
    }

    /** Deploys {@link #laneCount()} lanes, each allowed {@code connectionsPerLane} pooled connections. */
    public Lanes openLanes(int connectionsPerLane) {
        List<Lane> lanes = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < laneCount; i++) {
            Lane lane = new Lane(i, connectionsPerLane);
            lanes.add(lane);
            deployed.add(vertx.deployVerticle(lane));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : deployed) {
            ids.add(await(f));
        }
        return new Lanes(lanes, () -> ids.forEach(id -> {
            try {
                await(vertx.undeploy(id));
            } catch (RuntimeException ignored) {
                // a lane whose connections are already gone is undeployed anyway
            }
        }));
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    static <T> T await(Future<T> future) {
        try {
            return future.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The lanes of one run; closing them closes their connections. */
    public static final class Lanes implements AutoCloseable {
        private final List<Lane> lanes;
        private final Runnable undeploy;

        Lanes(List<Lane> lanes, Runnable undeploy) {
            this.lanes = List.copyOf(lanes);
            this.undeploy = undeploy;
        }

        public List<Lane> all() {
            return lanes;
        }

        public int size() {
            return lanes.size();
        }

        public Lane get(int i) {
            return lanes.get(i);
        }

        @Override
        public void close() {
            undeploy.run();
        }
    }
}
