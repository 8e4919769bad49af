package dev.tollgate.server.admin;

/** One top-level resource of the admin API, e.g. everything under {@code /admin/v1/keys}. */
interface AdminResource {

    /** The first path segment after {@code /admin/v1/} this resource answers, e.g. {@code keys}. */
    String name();

    void handle(AdminCall call);
}
