using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>This instance's reader of the dispatched outbox: it follows <see cref="OutboxMessage.DispatchSequence"/>
/// from where it started, and hands each event, once and in that order, to <see cref="OutboxDelivery"/> for this
/// instance's subscribers and pages. Numbers are dense and become visible in order (one batch per transaction,
/// batches one after the other under the lease), so reading forward from the last number skips nothing. The
/// database is the stream: a missed bell, a Redis outage or another instance's crash delays an event by at most
/// one poll, and never loses it.</summary>
public sealed class OutboxFollower(
    IServiceScopeFactory scopes,
    OutboxBells bells,
    OutboxDelivery delivery,
    OutboxHandoff handoff,
    IConfiguration config,
    ILogger<OutboxFollower> log) : BackgroundService
{
    private const int Batch = 500;
    private long? position;

    private TimeSpan Poll => TimeSpan.FromSeconds(config.GetValue("Outbox:PollSeconds", 1.0));

    /// <summary>Finds where the stream stands before the dispatcher starts (it is registered first), so events a
    /// restart dispatches are still delivered here.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; position is null; attempt++)
        {
            try
            {
                await StartFromNowAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 5)
            {
                log.LogWarning(ex, "Could not read the outbox position at start-up (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Could not read the outbox position at start-up; reading it on the first poll, so events dispatched until then are not delivered here");
                break;
            }
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>From here on: subscribers get what happens after they subscribed.</summary>
    public async Task StartFromNowAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        position = await OutboxLease.LastSequenceAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), ct);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RunAsync(async ct => await DeliverNewAsync(ct) == Batch, ct => bells.Dispatched.WaitAsync(Poll, ct),
            ex => log.LogError(ex, "Reading dispatched outbox events failed; retrying"), stoppingToken);

    /// <summary>Delivers the events dispatched since the last call; returns how many.</summary>
    public async Task<int> DeliverNewAsync(CancellationToken ct)
    {
        if (position is null)
            await StartFromNowAsync(ct);
        var after = position!.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DispatchSequence > after).OrderBy(m => m.DispatchSequence).Take(Batch).ToListAsync(ct);
        if (messages.Count == 0)
            return 0;
        // Those handed over at their commit went out from there already.
        await delivery.DeliverAsync(messages.Where(m => !handoff.Claimed(m.Id)).ToList(), ct);
        position = messages[^1].DispatchSequence;
        return messages.Count;
    }
}
