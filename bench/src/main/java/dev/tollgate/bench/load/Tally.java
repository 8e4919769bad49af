package dev.tollgate.bench.load;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What one lane saw during a run: latency from the intended send time, service time from the actual send,
 * how late sends were, and the outcome counts. Written by its lane's event loop only; read after the run.
 */
final class Tally {

    final Histogram latency = Histograms.micros();
    final Histogram service = Histograms.micros();
    final Histogram sendLag = Histograms.micros();
    long sentInWindow;
    long ok;
    long errors;
    long timeouts;
    String firstError;

    void sent(long lagNanos, boolean inWindow) {
        Histograms.recordNanos(sendLag, lagNanos);
        if (inWindow) {
            sentInWindow++;
        }
    }

    void ok(long intendedNanos, long sentNanos, long doneNanos) {
        ok++;
        Histograms.recordNanos(latency, doneNanos - intendedNanos);
        Histograms.recordNanos(service, doneNanos - sentNanos);
    }

    void failed(Throwable cause) {
        if (Failures.isTimeout(cause)) {
            timeouts++;
        } else {
            errors++;
        }
        if (firstError == null) {
            firstError = Failures.describe(cause);
        }
    }

    void badStatus(int status, String bodyStart) {
        error("HTTP " + status + ": " + bodyStart);
    }

    void error(String description) {
        errors++;
        if (firstError == null) {
            firstError = description;
        }
    }

    static Tally merge(List<Tally> parts) {
        Tally all = new Tally();
        for (Tally t : parts) {
            all.latency.add(t.latency);
            all.service.add(t.service);
            all.sendLag.add(t.sendLag);
            all.sentInWindow += t.sentInWindow;
            all.ok += t.ok;
            all.errors += t.errors;
            all.timeouts += t.timeouts;
            if (all.firstError == null) {
                all.firstError = t.firstError;
            }
        }
        return all;
    }
}
