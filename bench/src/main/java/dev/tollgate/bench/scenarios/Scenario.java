package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.run.BenchSession;

/** One named part of the benchmark ({@code ./tollgate bench <name>}): runs its steps and reports them. */
public interface Scenario {

    String name();

    Section run(BenchSession session);
}
