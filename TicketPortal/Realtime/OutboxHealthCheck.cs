using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TicketPortal.Domain.Data;

namespace TicketPortal.Realtime;

/// <summary>/health's "outbox" entry: how many events wait to be dispatched, how old the oldest is, and whether
/// this instance is the one dispatching. Degraded when the oldest has waited longer than a takeover takes.</summary>
public sealed class OutboxHealthCheck(PortalDbContext db, OutboxDispatcher dispatcher, TimeProvider clock, IConfiguration config) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = db.OutboxMessages.Where(m => m.DispatchedAt == null);
        var backlog = await waiting.CountAsync(cancellationToken);
        var oldest = await waiting.OrderBy(m => m.Position).Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        var age = oldest is { } at ? clock.GetUtcNow().UtcDateTime - at : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["backlog"] = backlog,
            ["oldestWaitingSeconds"] = Math.Round(Math.Max(0, age.TotalSeconds), 1),
            ["thisInstanceDispatches"] = dispatcher.IsDispatching,
        };
        // A healthy outbox empties within a poll; a dead dispatcher's lease runs out within LeaseSeconds.
        var limit = TimeSpan.FromSeconds(config.GetValue("Outbox:LeaseSeconds", 10.0) * 2 + 30);
        return age <= limit
            ? HealthCheckResult.Healthy($"{backlog} event(s) waiting to be dispatched.", data)
            : HealthCheckResult.Degraded($"The oldest undispatched event has waited {age.TotalSeconds:F0} s: is any instance dispatching?", data: data);
    }
}
