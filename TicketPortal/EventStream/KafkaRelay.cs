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
/// (one partition per object), the seed payload as the value, and the event's id, occurredAt and sequence as
/// headers. Runs on the instance holding the dispatcher lease, in dispatch order, through an idempotent producer
/// (acks=all) that never gives up on a message (message.timeout.ms=0), so a later event of an object can never
/// overtake an earlier one, whatever the broker does. An event is marked relayed only after Kafka acknowledged
/// it; while the broker is away the round waits, the portal keeps selling, and events wait in the outbox. An
/// event Kafka refuses for good (too large, not authorized) is set aside with its error rather than holding up
/// every event after it, and /health reports it.</summary>
public sealed class KafkaRelay : BackgroundService
{
    private const int Batch = 500;
    public const string MeterName = "TicketPortal.EventStream";

    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<KafkaOptions> options;
    private readonly OutboxDispatcher dispatcher;
    private readonly OutboxBells bells;
    private readonly EmbeddedKafka embedded;
    private readonly TimeProvider clock;
    private readonly IConfiguration config;
    private readonly ILogger<KafkaRelay> log;
    private IProducer<string, string>? producer;
    private long backlog;
    private volatile string? brokerError;

    public KafkaRelay(IServiceScopeFactory scopes, IOptions<KafkaOptions> options, OutboxDispatcher dispatcher, OutboxBells bells,
        EmbeddedKafka embedded, TimeProvider clock, IConfiguration config, IMeterFactory meters, ILogger<KafkaRelay> log)
    {
        (this.scopes, this.options, this.dispatcher, this.bells, this.embedded, this.clock, this.config, this.log) =
            (scopes, options, dispatcher, bells, embedded, clock, config, log);
        meters.Create(MeterName).CreateObservableGauge("ticketportal.kafka.relay.backlog", () => Interlocked.Read(ref backlog),
            "{event}", "Dispatched outbox events Kafka has not acknowledged yet (on the relaying instance)");
    }

    /// <summary>The broker's last complaint (down, unreachable, unauthorized), cleared by the next acknowledgement.</summary>
    public string? BrokerError => brokerError;

    private TimeSpan Poll => TimeSpan.FromSeconds(config.GetValue("Outbox:PollSeconds", 1.0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Rounds.RunAsync(async ct => dispatcher.IsDispatching && await RelayBatchAsync(ct) == Batch, async ct =>
                {
                    if (!dispatcher.IsDispatching)
                    {
                        // Another instance relays now: send nothing more from here.
                        DropProducer();
                        Interlocked.Exchange(ref backlog, 0);
                    }
                    await bells.Relay.WaitAsync(Poll, ct);
                },
                ex =>
                {
                    log.LogError(ex, "Relaying outbox events to Kafka failed; retrying");
                    DropProducer();
                }, stoppingToken);
        }
        finally
        {
            producer?.Flush(TimeSpan.FromSeconds(2));
            DropProducer();
        }
    }

    /// <summary>Sends the next dispatched, unrelayed events in dispatch order, waits until Kafka acknowledged each
    /// (or refused it for good), and marks them; returns how many it handled.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        var kafka = Producer();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var pending = WaitingFor(db);
        var messages = await pending.AsNoTracking().OrderBy(m => m.DispatchSequence).Take(Batch).ToListAsync(ct);
        // A batch that is not full is the whole backlog; only a full one needs counting.
        Interlocked.Exchange(ref backlog, messages.Count < Batch ? messages.Count : await pending.CountAsync(ct));
        if (messages.Count == 0)
            return 0;

        // All handed over at once, in order: the idempotent producer keeps that order per partition.
        var sends = messages.Select(m => kafka.ProduceAsync(options.Value.TopicPrefix + m.Topic, ToKafka(m), CancellationToken.None)).ToList();
        var all = Task.WhenAll(sends);
        // The broker may be away for long: meanwhile, stop if this instance no longer holds the lease.
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(Poll, ct));
            if (!all.IsCompleted && !dispatcher.IsDispatching)
            {
                DropProducer();
                return 0;
            }
        }

        var acknowledged = new List<long>();
        var refused = new List<(long Position, string Error)>();
        foreach (var (send, message) in sends.Zip(messages))
        {
            if (send.IsCompletedSuccessfully)
                acknowledged.Add(message.Position);
            else if (send.Exception?.InnerException is ProduceException<string, string> ex && IsPermanent(ex.Error))
                refused.Add((message.Position, $"{ex.Error.Code}: {ex.Error.Reason}"));
            else
            {
                // Purged (fatal producer, shutdown): the rows stay unmarked and go again with a new producer.
                DropProducer();
                break;
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (acknowledged.Count > 0)
            await db.OutboxMessages.Where(m => acknowledged.Contains(m.Position))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.RelayedAt, now), CancellationToken.None);
        foreach (var (position, error) in refused)
        {
            log.LogError("Kafka refused outbox event at position {Position} for good ({Error}); it is set aside", position, error);
            await db.OutboxMessages.Where(m => m.Position == position)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.RelayError, error.Length > 500 ? error[..500] : error), CancellationToken.None);
        }
        if (acknowledged.Count > 0)
            brokerError = null;
        Interlocked.Add(ref backlog, -(acknowledged.Count + refused.Count));
        return acknowledged.Count + refused.Count;
    }

    /// <summary>Dispatched events Kafka has neither acknowledged nor refused for good: the relay's backlog.</summary>
    public static IQueryable<OutboxMessage> WaitingFor(PortalDbContext db) =>
        db.OutboxMessages.Where(m => m.DispatchSequence != null && m.RelayedAt == null && m.RelayError == null);

    private static bool IsPermanent(Error error) => !error.IsFatal && error.Code is not
        (ErrorCode.Local_PurgeQueue or ErrorCode.Local_PurgeInflight or ErrorCode.Local_Destroy or ErrorCode.Local_Fatal or ErrorCode.Local_MsgTimedOut);

    private IProducer<string, string> Producer()
    {
        if (producer is not null)
            return producer;
        NativeKafka.Load();
        var servers = options.Value.Embedded ? embedded.Cluster.BootstrapServers : options.Value.BootstrapServers!;
        return producer = new ProducerBuilder<string, string>(options.Value.ProducerConfig(servers))
            .SetErrorHandler((_, e) =>
            {
                brokerError = e.Reason;
                log.LogWarning("Kafka: {Reason}{Fatal}", e.Reason, e.IsFatal ? " (fatal: the producer is rebuilt)" : "");
            })
            .SetLogHandler((_, m) => log.Log(m.Level <= SyslogLevel.Error ? LogLevel.Warning : LogLevel.Debug, "librdkafka: {Message}", m.Message))
            .Build();
    }

    private void DropProducer()
    {
        var dropped = Interlocked.Exchange(ref producer, null);
        dropped?.Dispose();
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
