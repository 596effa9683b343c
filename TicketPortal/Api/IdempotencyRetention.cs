using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Setup;

namespace TicketPortal.Api;

/// <summary>An Idempotency-Key replays for 24 hours, as Stripe's do.</summary>
public sealed class IdempotencyRetention : IRetentionRule
{
    public Task<int> PurgeAsync(PortalDbContext db, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddHours(-24);
        return db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
