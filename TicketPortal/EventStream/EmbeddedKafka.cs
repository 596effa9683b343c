using Microsoft.Extensions.Options;

namespace TicketPortal.EventStream;

/// <summary>Kafka:Embedded (Development only): librdkafka's in-memory mock cluster, started with the portal and
/// gone with it. Its address is logged, so `kcat -b &lt;address&gt; -C -t &lt;topic&gt;` shows the events live.</summary>
public sealed class EmbeddedKafka(IOptions<KafkaOptions> options, ILogger<EmbeddedKafka> log) : IDisposable
{
    private readonly Lazy<MockKafkaCluster> cluster = new(() =>
    {
        var started = MockKafkaCluster.Start();
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
