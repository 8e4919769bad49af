/**
 * Tollgate's service-provider interfaces: the call model shared by every module ({@link
 * dev.tollgate.spi.UsageEvent}, {@link dev.tollgate.spi.TokenUsage}), provider adapters ({@code provider})
 * and storage ({@code store}). Interfaces and records only; implementations live in {@code core},
 * {@code providers}, {@code store-jdbc} and {@code server}, which depend on this module and not on each
 * other (except {@code server}, which wires them).
 */
package dev.tollgate.spi;
