using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Setup;

namespace TicketPortal.Realtime;

/// <summary>Dispatched events are kept a week for inspection; undispatched ones are never purged.</summary>
public sealed class OutboxRetention : IRetentionRule
{
    public Task<int> PurgeAsync(PortalDbContext db, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-7);
        return db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
