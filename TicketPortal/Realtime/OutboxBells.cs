using StackExchange.Redis;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>Wake-ups between the outbox's parts, which are all also on a poll (Outbox:PollSeconds), so a bell
/// only makes things faster: losing one never loses an event. <see cref="OutboxSignal"/> (a commit wrote events)
/// wakes the dispatcher; <see cref="Dispatched"/> (events got their sequence numbers) wakes the followers.</summary>
public class OutboxBells(OutboxSignal committed) : IDisposable
{
    private readonly OutboxSignal dispatched = new(Publications.None);
    private readonly OutboxSignal relay = new(Publications.None);

    public OutboxSignal Committed { get; } = committed;
    public OutboxSignal Dispatched => dispatched;
    /// <summary>Wakes the Kafka relay (on the dispatching instance) when a batch was dispatched here.</summary>
    public OutboxSignal Relay => relay;

    /// <summary>A commit on an instance that does not dispatch: tell the one that does.</summary>
    public virtual Task RingCommittedElsewhereAsync() => Task.CompletedTask;

    /// <summary>This instance dispatched a batch: its own follower, and every other instance's.</summary>
    public virtual Task RingDispatchedAsync()
    {
        dispatched.Notify();
        relay.Notify();
        return Task.CompletedTask;
    }

    /// <summary>Whether this instance should answer another instance's commit bell (it dispatches).</summary>
    public Func<bool> Dispatching { get; set; } = () => true;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            dispatched.Dispose();
            relay.Dispose();
        }
    }
}

/// <summary>Several instances: the bells also ring on Redis channels (`&lt;prefix&gt;:outbox-committed`,
/// `&lt;prefix&gt;:outbox-dispatched`). Subscribing retries in the background after a first wait of a few seconds, so
/// a portal starts, and keeps selling and delivering on its poll, while Redis is away.</summary>
public sealed class RedisOutboxBells(OutboxSignal committed, IConnectionMultiplexer redis, string channelPrefix, ILogger<RedisOutboxBells> log)
    : OutboxBells(committed), IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private RedisChannel CommittedChannel => RedisChannel.Literal($"{channelPrefix}:outbox-committed");
    private RedisChannel DispatchedChannel => RedisChannel.Literal($"{channelPrefix}:outbox-dispatched");

    public override Task RingCommittedElsewhereAsync() => PublishAsync(CommittedChannel);

    public override async Task RingDispatchedAsync()
    {
        await base.RingDispatchedAsync();
        await PublishAsync(DispatchedChannel);
    }

    private async Task PublishAsync(RedisChannel channel)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(channel, RedisValue.EmptyString, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            log.LogDebug(ex, "Redis bell {Channel} not rung; the others poll", channel);
        }
    }

    /// <summary>Waits a moment for the subscriptions, so that an instance that has started hears the bells rung
    /// right after (a bell rung before is lost, and its event waits for the poll); then goes on subscribing in the
    /// background while Redis is away.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscribing = Task.Run(SubscribeAsync, CancellationToken.None);
        try
        {
            await subscribing.WaitAsync(FirstSubscribeWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            log.LogWarning("The outbox bells are not subscribed on Redis yet; starting anyway (events go out on the poll meanwhile)");
        }
    }

    private static readonly TimeSpan FirstSubscribeWait = TimeSpan.FromSeconds(3);

    private async Task SubscribeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var subscriber = redis.GetSubscriber();
                await subscriber.SubscribeAsync(CommittedChannel, (_, _) =>
                {
                    if (Dispatching())
                        Committed.Notify();
                });
                await subscriber.SubscribeAsync(DispatchedChannel, (_, _) => Dispatched.Notify());
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                log.LogWarning(ex, "Cannot subscribe to the outbox bells on Redis yet; retrying (events still go out on the poll)");
                await Task.Delay(TimeSpan.FromSeconds(2), stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            stopping.Dispose();
        base.Dispose(disposing);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(CommittedChannel);
            await redis.GetSubscriber().UnsubscribeAsync(DispatchedChannel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            log.LogDebug(ex, "Redis unsubscribe failed at shutdown");
        }
    }
}
