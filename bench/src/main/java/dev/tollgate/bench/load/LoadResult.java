package dev.tollgate.bench.load;

import org.HdrHistogram.Histogram;

/**
 * The outcome of one fixed-rate run. {@code latency} is measured from each request's intended send time
 * (so queueing caused by a slow arm is counted), {@code service} from the moment it was actually sent.
 * {@code achievedRate} counts the requests that started within the measured window.
 */
public record LoadResult(double targetRate, double achievedRate, long ok, long errors, long timeouts,
                         Histogram latency, Histogram service, Histogram sendLag, String firstError) {

    /** True when the generator started its requests on time: the rate was met and sends were not late. */
    public boolean generatorKeptUp() {
        return achievedRate >= 0.97 * targetRate && Histograms.percentileMs(sendLag, 99) <= 5.0;
    }

    public double latencyMs(double percentile) {
        return Histograms.percentileMs(latency, percentile);
    }

    public double completedRate(double seconds) {
        return ok / seconds;
    }
}
