using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;
using TicketPortal.Setup;

namespace TicketPortal.Tickets;

/// <summary>Tickets: holds, checkout, refunds and expiry (domain services), their REST routes, what they
/// publish and their recurring jobs.</summary>
public static class TicketsFeature
{
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TicketOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.Hold = TimeSpan.FromMinutes(config.GetValue("Tickets:HoldMinutes", 10.0));
            o.MaxQuantity = config.GetValue("Tickets:MaxQuantity", 10);
        });
        builder.Services.AddTicketServices();
        builder.Services.AddScoped<TicketJobs>();
        // Holds from the API share transactions (GroupCommit): on by default, on every database.
        if (builder.Configuration.GetValue("Tickets:GroupCommit", true))
            builder.Services.AddSingleton(sp => new GroupCommit(sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<ILogger<GroupCommit>>(), builder.Configuration.GetValue("Tickets:LargestGroup", 64),
                TimeSpan.FromMilliseconds(builder.Configuration.GetValue("Tickets:GroupLetsArrivalsFirstMs", 100))));
        builder.Services.AddSingleton<HoldAdmission>();
        return builder;
    }

    public static WebApplication MapTickets(this WebApplication app)
    {
        app.MapTicketsApi();
        app.AddRecurringJob<TicketJobs>(TicketJobs.ExpireHoldsId, j => j.ExpireLapsedHoldsAsync(CancellationToken.None), "Hangfire:ExpireHoldsCron", "* * * * *");
        app.AddRecurringJob<TicketJobs>(TicketJobs.RefreshCheckoutsId, j => j.RefreshOpenCheckoutsAsync(CancellationToken.None), "Hangfire:RefreshCheckoutsCron", "* * * * *");
        return app;
    }
}
