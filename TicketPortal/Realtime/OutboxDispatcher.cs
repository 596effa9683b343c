using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>Dispatches committed outbox events: gives each its <see cref="OutboxMessage.DispatchSequence"/>, in
/// outbox order, and rings the followers (<see cref="OutboxFollower"/>, one per instance), which deliver them.
/// Of several instances only the holder of the dispatcher lease does this: it renews the lease before each batch,
/// and when it dies the lease runs out and another instance carries on from the first undispatched event. Woken
/// by a commit (on this instance, or on another over Redis), and polls too, so events left undispatched by a
/// crash go out after the restart or takeover.</summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxBells bells,
    OutboxHandoff handoff,
    TimeProvider clock,
    IConfiguration config,
    ILogger<OutboxDispatcher> log,
    GroupCommit? holds = null) : BackgroundService
{
    // The longest a round waits for holds queued for their group to start writing (see ExecuteAsync).
    private static readonly TimeSpan LongestYield = TimeSpan.FromSeconds(1);

    private const int Batch = 200;

    /// <summary>Who this instance is to the lease: unique per process, readable in the database.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private double LeaseSeconds => config.GetValue("Outbox:LeaseSeconds", 10.0);
    private TimeSpan Poll => TimeSpan.FromSeconds(config.GetValue("Outbox:PollSeconds", 1.0));

    // With the handoff (SQLite) this instance's subscribers have each event at its commit; numbering the events for
    // the Kafka relay can wait a moment and take the commits of an on-sale burst in a few writes, instead of one
    // write per commit taking turns with the holds at the single writer's lock. Only commits close on the heels of
    // the last round wait: a lone commit is numbered at once.
    private TimeSpan Gather => handoff.Enabled ? TimeSpan.FromMilliseconds(config.GetValue("Outbox:GatherMilliseconds", 100)) : TimeSpan.Zero;

    /// <summary>Whether this instance held the lease at its last look.</summary>
    public bool IsDispatching { get; private set; }

    private DateTime renewedAt = DateTime.MinValue;
    // Real time, not the clock: this is about the machine's pace, and a test's frozen clock would hold every round back.
    private long lastRound;
    // One batch at a time in this process: two would pass the lease check together and number rows twice.
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        bells.Dispatching = () => IsDispatching;
        try
        {
            await Rounds.RunAsync(async ct => await DispatchBatchAsync(ct) == Batch, async ct =>
                {
                    if (!await bells.Committed.WaitAsync(Poll, ct))
                        return;
                    // A commit here while another instance dispatches: ring that one rather than wait for its poll.
                    if (!IsDispatching)
                        await bells.RingCommittedElsewhereAsync();
                    else if (Gather - Stopwatch.GetElapsedTime(lastRound) is { Ticks: > 0 } rest)
                        await Task.Delay(rest, ct);
                    // In an on-sale burst the holds go first: each round here takes the single writer's lock for as
                    // long as a group of holds (10-30 ms for 200 events, 150 ms once under a burst's load), and this
                    // instance's subscribers have the events already (the handoff). Only numbering for the relay waits,
                    // for a pause in the groups as long as the gathering (see GroupCommit.Idle).
                    var yielding = Stopwatch.StartNew();
                    while (handoff.Enabled && holds?.Idle < Gather && yielding.Elapsed < LongestYield)
                        await Task.Delay(10, ct);
                },
                ex => log.LogError(ex, "Outbox dispatch failed; retrying"), stoppingToken);
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    /// <summary>Dispatches up to one batch if this instance holds (or can take) the lease; returns how many.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await oneAtATime.WaitAsync(ct);
        try
        {
            return await DispatchOneBatchAsync(ct);
        }
        finally
        {
            lastRound = Stopwatch.GetTimestamp();
            oneAtATime.Release();
        }
    }

    private async Task<int> DispatchOneBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // Renewed a third of the way through, not at every wake-up: during an on-sale every commit rings, and
        // each renewal is a write competing with the holds (SQLite has one writer).
        var now = clock.GetUtcNow().UtcDateTime;
        if (!IsDispatching || now - renewedAt > TimeSpan.FromSeconds(LeaseSeconds / 3))
        {
            var held = await OutboxLease.TryHoldAsync(db, InstanceId, LeaseSeconds, exclusive: db.Database.IsSqlite(), ct);
            if (held != IsDispatching)
                log.LogInformation("Instance {Instance} {Change} the outbox", InstanceId, held ? "now dispatches" : "no longer dispatches");
            IsDispatching = held;
            renewedAt = now;
        }
        if (!IsDispatching || !await db.OutboxMessages.AnyAsync(m => m.DispatchedAt == null, ct))
            return 0;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var messages = await db.OutboxMessages
            .Where(m => m.DispatchedAt == null).OrderBy(m => m.Position).Take(Batch).ToListAsync(ct);
        if (messages.Count == 0)
            return 0;
        // Under the lease row's lock until commit: another would-be dispatcher waits here, then finds the lease
        // (or these events) no longer free.
        if (await OutboxLease.ReserveSequenceAsync(db, InstanceId, messages.Count, ct) is not { } first)
        {
            IsDispatching = false;
            return 0;
        }
        foreach (var (message, i) in messages.Select((m, i) => (m, i)))
        {
            message.DispatchSequence = first + i;
            message.DispatchedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await bells.RingDispatchedAsync();
        return messages.Count;
    }

    public override void Dispose()
    {
        oneAtATime.Dispose();
        base.Dispose();
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
            await OutboxLease.ReleaseAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), InstanceId, timeout.Token);
            IsDispatching = false;
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not release the outbox lease; it runs out by itself");
        }
    }
}
