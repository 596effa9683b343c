using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Setup;

namespace TicketPortal.Payments;

/// <summary>Stripe retries a webhook for up to 3 days; its id is remembered for 30.</summary>
public sealed class ProcessedWebhookRetention : IRetentionRule
{
    public Task<int> PurgeAsync(PortalDbContext db, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-30);
        return db.ProcessedWebhooks.Where(w => w.ProcessedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
