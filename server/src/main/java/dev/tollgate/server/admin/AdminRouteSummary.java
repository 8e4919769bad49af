package dev.tollgate.server.admin;

/**
 * What the admin route table says about one endpoint, without its handler: compared with the OpenAPI document
 * in tests so neither can drift from the other.
 *
 * @param path template below {@code /admin/v1}, as in the OpenAPI document's {@code paths}
 */
public record AdminRouteSummary(String method, String path, String access, boolean idempotent, boolean authenticated) {
}
