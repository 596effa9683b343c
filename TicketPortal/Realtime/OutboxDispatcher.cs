using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>Sends committed outbox events, in order, to every instance's subscribers and pages (through the
/// fan-out), then marks them dispatched. Of several instances only the holder of the dispatcher lease sends:
/// it renews the lease before each batch, and when it dies the lease runs out and another instance takes over
/// from the first undispatched event. Woken by the outbox's bell (a commit on another instance rings it over the
/// fan-out), and polls too, so events left undelivered by a crash go out after the restart or takeover.
/// Delivery is at least once from here; each instance drops repeats by id.</summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IOutboxFanOut fanOut,
    TimeProvider clock,
    IConfiguration config,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private const int Batch = 200;

    /// <summary>Who this instance is to the lease: unique per process, readable in the database.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private TimeSpan LeaseTime => TimeSpan.FromSeconds(config.GetValue("Outbox:LeaseSeconds", 10.0));
    private TimeSpan Poll => TimeSpan.FromSeconds(config.GetValue("Outbox:PollSeconds", 1.0));

    /// <summary>Whether this instance held the lease at its last look.</summary>
    public bool IsDispatching { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The leader wakes when another instance committed events; others ignore the remote bell.
        fanOut.Rung += () =>
        {
            if (IsDispatching)
                signal.Notify();
        };
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
                if (await signal.WaitAsync(Poll, stoppingToken) && !IsDispatching)
                    await fanOut.RingAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Could not ring the dispatching instance; it will poll");
            }
        }
        await ReleaseAsync();
    }

    /// <summary>Sends up to one batch if this instance holds (or can take) the lease; returns how many it sent.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var held = await OutboxLease.TryHoldAsync(db, OutboxLease.Dispatcher, InstanceId, LeaseTime, clock.GetUtcNow().UtcDateTime, ct);
        if (held != IsDispatching)
            log.LogInformation("Instance {Instance} {Change} the outbox", InstanceId, held ? "now dispatches" : "no longer dispatches");
        IsDispatching = held;
        if (!held)
            return 0;

        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DispatchedAt == null).OrderBy(m => m.Position).Take(Batch).ToListAsync(ct);
        if (messages.Count == 0)
            return 0;

        await fanOut.PublishAsync(messages, ct);

        var positions = messages.Select(m => m.Position).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.OutboxMessages.Where(m => positions.Contains(m.Position))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now), ct);
        return messages.Count;
    }

    /// <summary>On a clean stop the next instance need not wait for the lease to run out.</summary>
    private async Task ReleaseAsync()
    {
        if (!IsDispatching)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await OutboxLease.ReleaseAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), OutboxLease.Dispatcher, InstanceId, timeout.Token);
            IsDispatching = false;
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not release the outbox lease; it runs out by itself");
        }
    }
}
