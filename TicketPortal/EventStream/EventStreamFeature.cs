using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Data;

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

    /// <summary>/health's "kafka" entry, read from the database so every instance says the same: the backlog,
    /// events Kafka refused for good, and Degraded when either needs attention.</summary>
    private sealed class KafkaRelayHealthCheck(PortalDbContext db, KafkaRelay relay, Realtime.OutboxDispatcher dispatcher,
        IOptions<KafkaOptions> options, TimeProvider clock) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var waiting = KafkaRelay.WaitingFor(db);
            var backlog = await waiting.CountAsync(cancellationToken);
            var oldest = await waiting.OrderBy(m => m.DispatchSequence).Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken);
            var refused = await db.OutboxMessages.CountAsync(m => m.RelayError != null, cancellationToken);
            var age = oldest is { } at ? clock.GetUtcNow().UtcDateTime - at : TimeSpan.Zero;
            var data = new Dictionary<string, object>
            {
                ["backlog"] = backlog,
                ["oldestWaitingSeconds"] = Math.Round(Math.Max(0, age.TotalSeconds), 1),
                ["refused"] = refused,
                ["embedded"] = options.Value.Embedded,
                ["thisInstanceRelays"] = dispatcher.IsDispatching,
            };
            if (refused > 0)
                return HealthCheckResult.Degraded($"Kafka refused {refused} event(s) for good; see OutboxMessages.RelayError.", data: data);
            if (age.TotalSeconds > options.Value.DegradedAfterSeconds)
                return HealthCheckResult.Degraded($"{backlog} event(s) wait for Kafka, the oldest {age.TotalSeconds:F0} s" +
                    (relay.BrokerError is { } error ? $" ({error})." : "."), data: data);
            return HealthCheckResult.Healthy($"{backlog} event(s) waiting for Kafka.", data);
        }
    }
}
