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
    /// <summary>The largest message to send (librdkafka's message.max.bytes); match the brokers' limit. A larger
    /// event is refused for good and set aside.</summary>
    public int? MessageMaxBytes { get; set; }
    /// <summary>/health turns Degraded when the oldest event waiting for Kafka has waited this long.</summary>
    public double DegradedAfterSeconds { get; set; } = 30;

    public bool Enabled => Embedded || !string.IsNullOrWhiteSpace(BootstrapServers);

    public ProducerConfig ProducerConfig(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        // Exactly one copy per send in order per partition, acknowledged by every in-sync replica, and never given
        // up on (0 = no timeout): a message that timed out would let the next one of its object overtake it.
        EnableIdempotence = true,
        Acks = Acks.All,
        MessageTimeoutMs = 0,
        LingerMs = 2,
        MessageMaxBytes = MessageMaxBytes,
        SecurityProtocol = SecurityProtocol,
        SaslMechanism = SaslMechanism,
        SaslUsername = SaslUsername,
        SaslPassword = SaslPassword,
        SslCaLocation = SslCaLocation,
    };
}
