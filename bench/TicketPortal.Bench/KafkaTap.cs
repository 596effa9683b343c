using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using TicketPortal.EventStream;

namespace TicketPortal.Bench;

/// <summary>--kafka: the realtime benchmark also relays to librdkafka's mock cluster (started here; the portal
/// processes or the in-process portal get it through Kafka__BootstrapServers) and a consumer here measures what
/// arrives: events/s from the first change to the last record, and commit → Kafka receipt latency.</summary>
public sealed class KafkaTap : IDisposable
{
    private readonly MockKafkaCluster cluster = MockKafkaCluster.Start();
    private readonly ConcurrentBag<double> latencies = [];
    private readonly CancellationTokenSource stop = new();
    private Task? loop;
    private int received;
    private long lastTicks;

    public KafkaTap() => Environment.SetEnvironmentVariable("Kafka__BootstrapServers", cluster.BootstrapServers);

    public int Received => Volatile.Read(ref received);

    public void Start(params string[] topics)
    {
        var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = $"bench-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            AllowAutoCreateTopics = true,
            FetchWaitMaxMs = 10,
        })
            // The broker is taken down on purpose (backlog drain): its connection errors are expected.
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
        consumer.Subscribe(topics);
        loop = Task.Run(() =>
        {
            using (consumer)
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { Message: { } m })
                            continue;
                        var occurred = DateTime.Parse(Encoding.UTF8.GetString(m.Headers.GetLastBytes("occurredAt")), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                        latencies.Add((DateTime.UtcNow - occurred.ToUniversalTime()).TotalMilliseconds);
                        Interlocked.Increment(ref received);
                        Interlocked.Exchange(ref lastTicks, Stopwatch.GetTimestamp());
                    }
                    catch (ConsumeException)
                    {
                        // A topic not created yet.
                    }
                }
        });
    }

    /// <summary>Events/s from <paramref name="startedTicks"/> to the last record, and the latency percentiles.</summary>
    public (int Events, double Seconds, double[] LatenciesMs) Result(long startedTicks) =>
        (Received, Stopwatch.GetElapsedTime(startedTicks, Interlocked.Read(ref lastTicks)).TotalSeconds, latencies.ToArray());

    public void BrokerDown() => cluster.SetBrokerDown();

    public void BrokerUp() => cluster.SetBrokerUp();

    public void Dispose()
    {
        stop.Cancel();
        loop?.Wait(TimeSpan.FromSeconds(5));
        stop.Dispose();
        Environment.SetEnvironmentVariable("Kafka__BootstrapServers", null);
        cluster.Dispose();
    }
}
