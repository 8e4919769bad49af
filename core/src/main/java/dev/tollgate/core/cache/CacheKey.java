package dev.tollgate.core.cache;

/**
 * A response-cache key: the hex SHA-256 of everything that decides an answer, the tenant scope included, so that
 * two tenants can never meet under one key. Built by {@link CacheKeys}.
 */
public record CacheKey(String hex) {
}
