using TicketPortal.Domain.Events;
using TicketPortal.Setup;

namespace TicketPortal.Events;

/// <summary>Events: the catalog and the organizers' events, their REST routes and the job that ends past events.</summary>
public static class EventsFeature
{
    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EventService>();
        builder.Services.AddScoped<EndPastEventsJob>();
        return builder;
    }

    public static WebApplication MapEvents(this WebApplication app)
    {
        app.MapEventsApi();
        app.AddRecurringJob<EndPastEventsJob>(EndPastEventsJob.Id, j => j.RunAsync(CancellationToken.None), "Hangfire:EndPastEventsCron", "*/5 * * * *");
        return app;
    }
}
