using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace TicketPortal.Tests.Support;

/// <summary>A Kafka consumer, as another service behind the portal would run one: it reads the given topics
/// from the start and records what arrives.</summary>
public sealed class KafkaReader : IAsyncDisposable
{
    public sealed record Record(string Topic, int Partition, string Key, JsonElement Value, string EventId, string OccurredAt, long Sequence);

    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public ConcurrentQueue<Record> Records { get; } = new();
    /// <summary>Records this reader could not read as the relay promises (bad JSON, a missing header).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    private const int Partitions = 4;

    /// <summary>Against a mock cluster of this process: creates the topics and reads every partition from the
    /// start, with no consumer group to join (a group's rebalance took tens of seconds on a loaded machine).</summary>
    public KafkaReader(TicketPortal.EventStream.MockKafkaCluster cluster, params string[] topics)
        : this(cluster, cluster.BootstrapServers, _ => { }, topics)
    {
    }

    /// <summary>As above, through another address (a gateway in front of the cluster) with the client settings
    /// <paramref name="secure"/> adds (credentials, TLS).</summary>
    public KafkaReader(TicketPortal.EventStream.MockKafkaCluster cluster, string bootstrapServers, Action<ClientConfig> secure, params string[] topics)
        : this(bootstrapServers, consumer =>
        {
            foreach (var topic in topics)
                cluster.CreateTopic(topic, Partitions);
            consumer.Assign(topics.SelectMany(t => Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(t, p, Offset.Beginning))));
        }, secure)
    {
    }

    /// <summary>Against any broker: joins a consumer group of its own and subscribes.</summary>
    public KafkaReader(string bootstrapServers, params string[] topics) : this(bootstrapServers, consumer => consumer.Subscribe(topics), _ => { })
    {
    }

    private KafkaReader(string bootstrapServers, Action<IConsumer<string, string>> attach, Action<ClientConfig> secure)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"tests-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            AllowAutoCreateTopics = true,
            EnableAutoCommit = false,
        };
        secure(config);
        var consumer = new ConsumerBuilder<string, string>(config).Build();
        attach(consumer);
        loop = Task.Run(() =>
        {
            using (consumer)
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } m } result)
                            Records.Enqueue(new Record(result.Topic, result.Partition.Value, m.Key, JsonDocument.Parse(m.Value).RootElement.Clone(),
                                Header(m, "eventId"), Header(m, "occurredAt"), long.Parse(Header(m, "sequence"), System.Globalization.CultureInfo.InvariantCulture)));
                    }
                    catch (ConsumeException)
                    {
                        // A topic the portal has not written yet: keep polling.
                    }
                    catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or ArgumentNullException)
                    {
                        Errors.Enqueue(ex.Message);
                    }
                }
                consumer.Close();
            }
        });
    }

    private static string Header(Message<string, string> m, string name) => Encoding.UTF8.GetString(m.Headers.GetLastBytes(name));

    /// <summary>Reads until <paramref name="done"/> holds for what arrived, or the timeout; returns what arrived.</summary>
    public async Task<List<Record>> UntilAsync(Func<List<Record>, bool> done, TimeSpan? timeout = null)
    {
        var records = await Eventually.ReadUntilAsync(() => Task.FromResult(Records.ToList()), r => done(r) || !Errors.IsEmpty, timeout ?? TimeSpan.FromSeconds(30));
        Assert.Empty(Errors);
        return records;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
