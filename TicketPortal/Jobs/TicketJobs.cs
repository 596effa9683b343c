using Hangfire;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Jobs;

/// <summary>Recurring ticket housekeeping. Each run is idempotent and safe beside another server's run:
/// every ticket moves under its recordVersion, so a ticket two servers both look at moves once.</summary>
public sealed class TicketJobs(TicketService tickets, PortalDbContext db, TimeProvider clock, ILogger<TicketJobs> log)
{
    public const string ExpireHoldsId = "expire-lapsed-holds";
    public const string RefreshCheckoutsId = "refresh-open-checkouts";
    public const string PurgeRecordsId = "purge-expired-records";

    [AutomaticRetry(Attempts = 0)] // the next run retries anyway
    public async Task ExpireLapsedHoldsAsync(CancellationToken ct)
    {
        var expired = await tickets.ExpireLapsedHoldsAsync(ct);
        if (expired > 0)
            log.LogInformation("Expired {Count} lapsed holds", expired);
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshOpenCheckoutsAsync(CancellationToken ct)
    {
        var changed = await tickets.RefreshOpenCheckoutsAsync(ct);
        if (changed > 0)
            log.LogInformation("Refreshed checkouts: {Count} tickets changed", changed);
        var refunds = await tickets.RetryPendingRefundsAsync(ct);
        if (refunds > 0)
            log.LogInformation("Finished {Count} pending refunds", refunds);
    }

    /// <summary>Stripe retries a webhook for up to 3 days; ids are kept for 30. Idempotency keys live 24 hours.
    /// Dispatched outbox events are kept a week for inspection; undispatched ones are never purged.</summary>
    public async Task PurgeExpiredRecordsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var webhookCutoff = now.AddDays(-30);
        var keyCutoff = now.AddHours(-24);
        await db.ProcessedWebhooks.Where(w => w.ProcessedAt < webhookCutoff).ExecuteDeleteAsync(ct);
        await db.IdempotencyRecords.Where(r => r.CreatedAt < keyCutoff).ExecuteDeleteAsync(ct);
        var outboxCutoff = now.AddDays(-7);
        await db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < outboxCutoff).ExecuteDeleteAsync(ct);
    }
}
