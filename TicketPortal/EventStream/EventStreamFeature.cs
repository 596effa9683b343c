using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TicketPortal.EventStream;

/// <summary>Seed 004's Kafka event stream: with Kafka:BootstrapServers (or Kafka:Embedded in Development) every
/// outbox event is relayed to the Kafka topic of its name. Without either, nothing here runs.</summary>
public static class EventStreamFeature
{
    public const string EmbeddedOutsideDevelopment =
        "Kafka:Embedded starts an in-memory mock broker and is for Development only; set Kafka:BootstrapServers to a real Kafka instead.";

    public static WebApplicationBuilder AddEventStream(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.Section);
        var kafka = builder.Configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        if (!kafka.Enabled)
            return builder;
        services.AddSingleton<EmbeddedKafka>();
        services.AddSingleton<KafkaRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<KafkaRelay>());
        services.AddHealthChecks().AddCheck<KafkaRelayHealthCheck>("kafka");
        return builder;
    }

    /// <summary>The embedded broker is a simulation: outside Development it never starts by itself.</summary>
    public static string? EventStreamMisconfigured(this WebApplication app) =>
        app.Configuration.GetValue($"{KafkaOptions.Section}:Embedded", false) && !app.Environment.IsDevelopment() ? EmbeddedOutsideDevelopment : null;

    /// <summary>/health's "kafka" entry: degraded while events wait for the broker, with the backlog.</summary>
    private sealed class KafkaRelayHealthCheck(KafkaRelay relay, Realtime.OutboxDispatcher dispatcher, IOptions<KafkaOptions> options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object>
            {
                ["backlog"] = relay.Backlog,
                ["relayed"] = relay.Relayed,
                ["embedded"] = options.Value.Embedded,
                ["thisInstanceRelays"] = dispatcher.IsDispatching,
            };
            return Task.FromResult(relay.LastError is { } error
                ? HealthCheckResult.Degraded($"Kafka is not taking events ({error}); {relay.Backlog} wait in the outbox.", data: data)
                : HealthCheckResult.Healthy($"{relay.Backlog} event(s) waiting for Kafka.", data));
        }
    }
}
