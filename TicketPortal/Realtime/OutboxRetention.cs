using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Setup;

namespace TicketPortal.Realtime;

/// <summary>Dispatched events are kept a week for inspection; undispatched ones are never purged, nor, while
/// Kafka is configured, ones Kafka has not acknowledged (or refused for good).</summary>
public sealed class OutboxRetention(IConfiguration config) : IRetentionRule
{
    public Task<int> PurgeAsync(PortalDbContext db, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-7);
        var kafka = (config.GetSection(EventStream.KafkaOptions.Section).Get<EventStream.KafkaOptions>() ?? new()).Enabled;
        return db.OutboxMessages
            .Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff && (!kafka || m.RelayedAt != null || m.RelayError != null))
            .ExecuteDeleteAsync(ct);
    }
}
