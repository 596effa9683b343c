using Confluent.Kafka;

namespace TicketPortal.EventStream;

/// <summary>The Kafka section: where the outbox is relayed (seed 004: "the project's Kafka server") and with
/// which credentials. Secrets come from configuration (user secrets, the environment), never the repository.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>"host:port,…"; empty (and not embedded) means no relay.</summary>
    public string? BootstrapServers { get; set; }
    /// <summary>Development only: start librdkafka's in-memory mock cluster inside the portal and relay to it.</summary>
    public bool Embedded { get; set; }
    /// <summary>Put before every topic name (for example "staging."), as Realtime:TopicPrefix is for the hub.</summary>
    public string TopicPrefix { get; set; } = "";
    /// <summary>Plaintext, Ssl, SaslPlaintext or SaslSsl.</summary>
    public SecurityProtocol? SecurityProtocol { get; set; }
    /// <summary>Plain, ScramSha256 or ScramSha512.</summary>
    public SaslMechanism? SaslMechanism { get; set; }
    public string? SaslUsername { get; set; }
    public string? SaslPassword { get; set; }
    /// <summary>A PEM file of the CA that signed the brokers' certificates (TLS).</summary>
    public string? SslCaLocation { get; set; }
    /// <summary>How long one event may wait for the broker before the batch is retried (the outbox keeps it).</summary>
    public int DeliveryTimeoutMs { get; set; } = 10_000;

    public bool Enabled => Embedded || !string.IsNullOrWhiteSpace(BootstrapServers);

    public ProducerConfig ProducerConfig(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        // Exactly one copy per send in order per partition, acknowledged by every in-sync replica.
        EnableIdempotence = true,
        Acks = Acks.All,
        MessageTimeoutMs = DeliveryTimeoutMs,
        LingerMs = 2,
        SecurityProtocol = SecurityProtocol,
        SaslMechanism = SaslMechanism,
        SaslUsername = SaslUsername,
        SaslPassword = SaslPassword,
        SslCaLocation = SslCaLocation,
    };
}
