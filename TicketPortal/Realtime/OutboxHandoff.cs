using System.Collections.Concurrent;
using System.Threading.Channels;
using TicketPortal.Domain.Realtime;
using TicketPortal.Setup;

namespace TicketPortal.Realtime;

/// <summary>On SQLite (one instance, one writer at a time through SqliteWriteGate), each commit's events are
/// handed here at the commit, in commit order, and delivered to this instance's subscribers and pages at once,
/// instead of waiting for the dispatcher to number them and the follower to read them back. The outbox is
/// unchanged: the dispatcher still numbers every event, Kafka is relayed from it, and the follower skips the
/// events delivered from here (<see cref="Claimed"/>) and delivers any others (those committed before this
/// process started). A crash loses nothing a subscriber could still receive: its connection died with the
/// process, and the outbox keeps the events for Kafka.</summary>
public sealed class OutboxHandoff(OutboxSignal signal, OutboxDelivery delivery, IConfiguration config, ILogger<OutboxHandoff> log) : BackgroundService
{
    private readonly Channel<IReadOnlyList<OutboxMessage>> committed =
        Channel.CreateUnbounded<IReadOnlyList<OutboxMessage>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, byte> handedOver = new();

    /// <summary>Only where commit order is known in this process: SQLite (Outbox:Handoff can turn it off).</summary>
    public bool Enabled { get; } = config.GetValue("Outbox:Handoff", true) && config.Provider() == DatabaseProvider.Sqlite;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
            signal.OnCommitted = Accept;
        return base.StartAsync(cancellationToken);
    }

    // Called at the commit, before the write gate lets the next writer in: the channel keeps commit order.
    private void Accept(IReadOnlyList<OutboxMessage> events)
    {
        foreach (var e in events)
            handedOver[e.Id] = 0;
        committed.Writer.TryWrite(events);
    }

    /// <summary>Whether this event was handed over at its commit, so it is delivered from here and not by the
    /// follower; asked once per event, by the follower.</summary>
    public bool Claimed(Guid eventId) => Enabled && handedOver.TryRemove(eventId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
            return;
        await foreach (var events in committed.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await delivery.DeliverAsync(events, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "Handing {Count} committed event(s) to this instance's subscribers failed", events.Count);
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        signal.OnCommitted = null;
        committed.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }
}
