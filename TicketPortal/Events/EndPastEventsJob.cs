using TicketPortal.Domain.Events;

namespace TicketPortal.Events;

/// <summary>Recurring: events whose end has passed leave the catalog as Ended.</summary>
public sealed class EndPastEventsJob(EventService events, ILogger<EndPastEventsJob> log)
{
    public const string Id = "end-past-events";

    public async Task RunAsync(CancellationToken ct)
    {
        var ended = await events.EndPastEventsAsync(ct);
        if (ended > 0)
            log.LogInformation("Marked {Count} events as ended", ended);
    }
}
