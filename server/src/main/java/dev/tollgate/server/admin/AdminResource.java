package dev.tollgate.server.admin;

/** One group of admin endpoints, e.g. everything under {@code /admin/v1/keys}. */
interface AdminResource {

    /** Adds this resource's endpoints to the route table. */
    void register(AdminRoutes routes);
}
