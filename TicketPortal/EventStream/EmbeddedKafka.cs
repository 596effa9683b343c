using Microsoft.Extensions.Options;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.EventStream;

/// <summary>Kafka:Embedded (Development only): librdkafka's in-memory mock cluster, started with the portal and
/// gone with it. Its address is logged, so `kcat -b &lt;address&gt; -C -t &lt;topic&gt;` shows the events live.</summary>
public sealed class EmbeddedKafka(IOptions<KafkaOptions> options, Topics topics, ILogger<EmbeddedKafka> log) : IDisposable
{
    private readonly Lazy<MockKafkaCluster> cluster = new(() =>
    {
        var started = MockKafkaCluster.Start();
        // Every topic the portal writes exists from the start, so `kcat -C -t <topic>` can be started before the
        // first event instead of stopping at "Unknown topic".
        foreach (var topic in topics.All)
            started.CreateTopic(options.Value.TopicPrefix + topic, 4);
        log.LogWarning("Embedded Kafka (IN-MEMORY mock cluster, for development; nothing is kept) at {BootstrapServers}; " +
            "watch it with kcat -b <that address> -C -t <topic>", started.BootstrapServers);
        return started;
    });

    public MockKafkaCluster Cluster => options.Value.Embedded
        ? cluster.Value
        : throw new InvalidOperationException("Kafka:Embedded is off.");

    public void Dispose()
    {
        if (cluster.IsValueCreated)
            cluster.Value.Dispose();
    }
}
