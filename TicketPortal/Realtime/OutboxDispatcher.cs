using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>Sends committed outbox events, in order, to the hub's subscribers and the portal's pages, then
/// marks them dispatched. Woken by the outbox's bell, and polls too, so events left undelivered by a crash
/// go out after the restart. Delivery is at least once: subscribers drop repeats by id.</summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    SubscriptionRegistry registry,
    IHubContext<TicketsHub> hub,
    LiveEvents live,
    TimeProvider clock,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == Batch)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Outbox dispatch failed; retrying");
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DispatchedAt == null).OrderBy(m => m.Position).Take(Batch).ToListAsync(ct);
        if (messages.Count == 0)
            return 0;

        foreach (var message in messages)
        {
            using var payload = JsonDocument.Parse(message.Payload);
            // Cloned: SignalR may serialize after this loop has moved on.
            var sent = new RealtimeEvent(message.Topic, message.Id, message.OccurredAt, payload.RootElement.Clone(), message.EntityId, message.Sequence);
            // One send to all recipients: SignalR serializes the message once for them all.
            var recipients = registry.Recipients(message).ToList();
            if (recipients.Count > 0)
                await hub.Clients.Clients(recipients).SendAsync("event", sent, ct);
            live.Publish(message);
        }

        var positions = messages.Select(m => m.Position).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.OutboxMessages.Where(m => positions.Contains(m.Position))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now), ct);
        return messages.Count;
    }
}
