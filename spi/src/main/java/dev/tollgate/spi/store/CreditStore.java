package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Prepaid balances at rest: credit entries (append-only) and redemption codes. Every change moves the
 * {@code ledger} change counter in its own transaction. Blocking; callers run it off the event loop.
 */
public interface CreditStore {

    /**
     * Appends a credit entry with its audit entry.
     *
     * @param floorAtZero when true, the entry is refused (false returned, nothing written) if it would leave the
     *                    user's credits below what its booked calls were charged (a correction may not make a
     *                    balance negative)
     */
    boolean add(CreditEntry entry, AuditEntry audit, boolean floorAtZero);

    /** The user's entries ordered by id (which sorts by time), after {@code afterId} (null: from the first). */
    List<CreditEntry> page(String userId, String afterId, int limit);

    /** Credits from the entries and charges from the booked usage events of one user. */
    Balance balance(String userId);

    /** Stores a batch of codes (hashes only) with one audit entry, in one transaction. */
    void createCodes(List<RedemptionCode> codes, AuditEntry audit);

    /**
     * Redeems a code for {@code userId}, at most once however many callers try at the same moment: the code is
     * marked redeemed by a conditional update (unredeemed, unrevoked, unexpired at {@code now}) in the same
     * transaction as the credit entry it makes.
     *
     * @param actor the gateway key that presented the code
     * @param audit written in the same transaction when the code is redeemed (a refusal changes nothing)
     */
    Redemption redeem(String codeHash, String userId, String actor, String entryId, Instant now, AuditEntry audit);

    /** Batches ordered by id, after {@code afterBatchId}. */
    List<RedemptionBatch> pageBatches(String afterBatchId, int limit);

    Optional<RedemptionBatch> findBatch(String batchId);

    /** The codes of a batch (hash and prefix only), by id. */
    List<RedemptionCode> codes(String batchId);

    /** Revokes the batch's codes that are neither redeemed nor revoked; returns how many. */
    int revokeUnredeemed(String batchId, Instant at, AuditEntry audit);
}
