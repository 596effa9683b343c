using System.Text.Json;
using StackExchange.Redis;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>How a batch the dispatcher read reaches every instance's <see cref="OutboxDelivery"/>.
/// It also carries the outbox's bell between instances: a commit on one wakes the dispatcher on another.</summary>
public interface IOutboxFanOut
{
    Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct);

    /// <summary>Tells the other instances that this one committed events.</summary>
    Task RingAsync(CancellationToken ct);

    /// <summary>Raised when an instance rang.</summary>
    event Action? Rung;
}

/// <summary>One instance: straight to this process's delivery; its own bell is all there is.</summary>
public sealed class InProcessFanOut(OutboxDelivery delivery) : IOutboxFanOut
{
    public Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct) => delivery.DeliverAsync(messages, ct);

    public Task RingAsync(CancellationToken ct) => Task.CompletedTask;

    public event Action? Rung
    {
        add { }
        remove { }
    }
}

/// <summary>Several instances: the batch goes out on a Redis channel that every instance (this one too)
/// subscribes to, and each delivers to its own connections. Redis hands one publisher's messages to each
/// subscriber in order, and the channel queue takes them one at a time, so per-object order survives the hop.
/// Like SignalR's own Redis backplane this is pub/sub: an instance cut off from Redis misses what was sent
/// meanwhile (its clients reconnect, and the REST API has the state).</summary>
public sealed class RedisFanOut(IConnectionMultiplexer redis, OutboxDelivery delivery, string channelPrefix, ILogger<RedisFanOut> log)
    : IOutboxFanOut, IHostedService
{
    private ChannelMessageQueue? queue;
    private RedisChannel Channel => RedisChannel.Literal($"{channelPrefix}:outbox");
    private RedisChannel Bell => RedisChannel.Literal($"{channelPrefix}:outbox-bell");

    public event Action? Rung;

    public Task RingAsync(CancellationToken ct) => redis.GetSubscriber().PublishAsync(Bell, RedisValue.EmptyString);

    public async Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct) =>
        await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(messages.Select(OutboxWire.From).ToList()));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await redis.GetSubscriber().SubscribeAsync(Bell, (_, _) => Rung?.Invoke());
        queue = await redis.GetSubscriber().SubscribeAsync(Channel);
        queue.OnMessage(async message =>
        {
            try
            {
                var batch = JsonSerializer.Deserialize<List<OutboxWire>>((string)message.Message!)!;
                await delivery.DeliverAsync(batch.Select(w => w.ToMessage()).ToList(), CancellationToken.None);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "An outbox batch from Redis could not be delivered on this instance");
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (queue is not null)
            await queue.UnsubscribeAsync();
        await redis.GetSubscriber().UnsubscribeAsync(Bell);
    }

    /// <summary>What crosses Redis: the stored row, less what only the database needs.</summary>
    private sealed record OutboxWire(Guid Id, long Position, string Topic, OutboxKind Kind, Guid EntityId, long Sequence,
        DateTime OccurredAt, string Payload, string? UserId, string? OrganizerId, string ScopeKey)
    {
        public static OutboxWire From(OutboxMessage m) =>
            new(m.Id, m.Position, m.Topic, m.Kind, m.EntityId, m.Sequence, m.OccurredAt, m.Payload, m.UserId, m.OrganizerId, m.ScopeKey);

        public OutboxMessage ToMessage() => new()
        {
            Id = Id, Position = Position, Topic = Topic, Kind = Kind, EntityId = EntityId, Sequence = Sequence, OccurredAt = OccurredAt,
            Payload = Payload, UserId = UserId, OrganizerId = OrganizerId, ScopeKey = ScopeKey,
        };
    }
}
