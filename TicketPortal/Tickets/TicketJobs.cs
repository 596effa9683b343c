using Hangfire;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Tickets;

/// <summary>Recurring ticket housekeeping. Each run is idempotent and safe beside another server's run:
/// every ticket moves under its recordVersion, so a ticket two servers both look at moves once.</summary>
public sealed class TicketJobs(HoldExpiry expiry, RefundService refunds, ILogger<TicketJobs> log)
{
    public const string ExpireHoldsId = "expire-lapsed-holds";
    public const string RefreshCheckoutsId = "refresh-open-checkouts";

    [AutomaticRetry(Attempts = 0)] // the next run retries anyway
    public async Task ExpireLapsedHoldsAsync(CancellationToken ct)
    {
        var expired = await expiry.ExpireLapsedHoldsAsync(ct);
        if (expired > 0)
            log.LogInformation("Expired {Count} lapsed holds", expired);
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshOpenCheckoutsAsync(CancellationToken ct)
    {
        var changed = await expiry.RefreshOpenCheckoutsAsync(ct);
        if (changed > 0)
            log.LogInformation("Refreshed checkouts: {Count} tickets changed", changed);
        var finished = await refunds.RetryPendingRefundsAsync(ct);
        if (finished > 0)
            log.LogInformation("Finished {Count} pending refunds", finished);
    }
}
