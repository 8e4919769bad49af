/** Java Flight Recorder profiling of a running arm through {@code jcmd}, and a summary of where its CPU went. */
package dev.tollgate.bench.profile;
