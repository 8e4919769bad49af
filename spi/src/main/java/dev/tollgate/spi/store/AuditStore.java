package dev.tollgate.spi.store;

import java.util.List;

/**
 * The append-only audit log. Changes append their entry themselves, in their own transaction (see the
 * stores' operations taking an {@link AuditEntry}); there is no update or delete. Blocking.
 */
public interface AuditStore {

    List<AuditEntry> page(AuditQuery query);
}
