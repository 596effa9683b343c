using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Realtime;

namespace TicketPortal.EventStream;

/// <summary>Relays every dispatched outbox event to the Kafka topic of the same name: keyed by the object's id
/// (one partition per object, so its events stay in order), the seed payload as the value, and the event's id,
/// occurredAt and sequence as headers. Runs on the instance holding the dispatcher lease, in dispatch order; an
/// event is marked relayed only after Kafka acknowledged it (idempotent producer, acks=all). When the broker is
/// away the portal keeps selling, events wait in the outbox, and the next round sends them, still in order: at
/// least once, never lost, whatever crashes in between.</summary>
public sealed class KafkaRelay(
    IServiceScopeFactory scopes,
    IOptions<KafkaOptions> options,
    OutboxDispatcher dispatcher,
    OutboxBells bells,
    EmbeddedKafka embedded,
    TimeProvider clock,
    IConfiguration config,
    ILogger<KafkaRelay> log) : BackgroundService
{
    private const int Batch = 500;
    public const string MeterName = "TicketPortal.EventStream";

    private static readonly Meter Meter = new(MeterName);
    private IProducer<string, string>? producer;

    /// <summary>Events dispatched and not yet acknowledged by Kafka, at the last look (also a gauge).</summary>
    public long Backlog { get; private set; }
    /// <summary>Why the last round stopped short, if it did.</summary>
    public string? LastError { get; private set; }
    public long Relayed { get; private set; }

    private TimeSpan Poll => TimeSpan.FromSeconds(config.GetValue("Outbox:PollSeconds", 1.0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge("ticketportal.kafka.relay.backlog", () => Backlog, "{event}", "Outbox events not yet acknowledged by Kafka");
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (dispatcher.IsDispatching && await RelayBatchAsync(stoppingToken) == Batch)
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LastError = ex.Message;
                    log.LogError(ex, "Relaying outbox events to Kafka failed; retrying");
                }
                await bells.Relay.WaitAsync(Poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            producer?.Flush(TimeSpan.FromSeconds(2));
            producer?.Dispose();
        }
    }

    /// <summary>Built at the first round (inside its error handling: a broken setting is a degraded relay, not a
    /// portal that will not start).</summary>
    private IProducer<string, string> Producer()
    {
        if (producer is not null)
            return producer;
        NativeKafka.Load();
        var servers = options.Value.Embedded ? embedded.Cluster.BootstrapServers : options.Value.BootstrapServers!;
        return producer = new ProducerBuilder<string, string>(options.Value.ProducerConfig(servers))
            .SetLogHandler((_, m) => log.Log(m.Level <= SyslogLevel.Error ? LogLevel.Warning : LogLevel.Debug, "librdkafka: {Message}", m.Message))
            .Build();
    }

    /// <summary>Sends the next dispatched, unrelayed events in dispatch order and marks those Kafka acknowledged;
    /// stops at the first that failed, so nothing after it is marked ahead of it.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        var kafka = Producer();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var pending = db.OutboxMessages.Where(m => m.DispatchSequence != null && m.RelayedAt == null);
        Backlog = await pending.CountAsync(ct);
        var messages = await pending.AsNoTracking().OrderBy(m => m.DispatchSequence).Take(Batch).ToListAsync(ct);
        if (messages.Count == 0)
        {
            LastError = null;
            return 0;
        }

        // Handed to the producer in order, all at once: the idempotent producer keeps that order per partition.
        var sends = messages.Select(m => kafka.ProduceAsync(options.Value.TopicPrefix + m.Topic, ToKafka(m), ct)).ToList();
        var acknowledged = new List<long>();
        string? failure = null;
        foreach (var (send, message) in sends.Zip(messages))
        {
            try
            {
                await send;
                acknowledged.Add(message.Position);
            }
            catch (ProduceException<string, string> ex)
            {
                failure = $"{message.Topic}: {ex.Error.Reason}";
                break;
            }
        }
        if (acknowledged.Count > 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.OutboxMessages.Where(m => acknowledged.Contains(m.Position))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.RelayedAt, now), CancellationToken.None);
            Relayed += acknowledged.Count;
            Backlog -= acknowledged.Count;
        }
        LastError = failure;
        if (failure is not null)
            log.LogWarning("Kafka did not take {Failure}; {Waiting} event(s) wait in the outbox and go out in order when it does", failure, Backlog);
        return failure is null ? messages.Count : 0;
    }

    private static Message<string, string> ToKafka(OutboxMessage m) => new()
    {
        Key = m.EntityId.ToString(),
        Value = m.Payload,
        Headers = new Headers
        {
            { "eventId", Encoding.UTF8.GetBytes(m.Id.ToString()) },
            { "occurredAt", Encoding.UTF8.GetBytes(m.OccurredAt.ToString("O", CultureInfo.InvariantCulture)) },
            { "sequence", Encoding.UTF8.GetBytes(m.Sequence.ToString(CultureInfo.InvariantCulture)) },
        },
    };
}
