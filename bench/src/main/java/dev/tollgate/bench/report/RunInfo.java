package dev.tollgate.bench.report;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Everything about a run that is not a measurement: how it was invoked, when, where, with which JDK and
 * flags, the versions of the arms, and the settings that shaped it.
 */
public record RunInfo(String command, ZonedDateTime startedAt, Duration took, MachineInfo machine, String jdk,
                      String loadGeneratorFlags, List<String> tollgateFlags, Map<String, String> armVersions,
                      Map<String, String> armDescriptions, List<String> settings) {
}
