/** The report model (sections, tables, target checks, run and machine info) and its Markdown rendering. */
package dev.tollgate.bench.report;
