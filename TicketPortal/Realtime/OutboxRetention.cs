using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Data;
using TicketPortal.Setup;

namespace TicketPortal.Realtime;

/// <summary>Dispatched events are kept a week for inspection; undispatched ones are never purged, nor, while
/// Kafka is configured, ones Kafka has not acknowledged (or refused for good).</summary>
public sealed class OutboxRetention(IOptions<EventStream.KafkaOptions> options) : IRetentionRule
{
    public Task<int> PurgeAsync(PortalDbContext db, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-7);
        var kafka = options.Value.Enabled;
        return db.OutboxMessages
            .Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff && (!kafka || m.RelayedAt != null || m.RelayError != null))
            .ExecuteDeleteAsync(ct);
    }
}
