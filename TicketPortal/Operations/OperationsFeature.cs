using Hangfire;
using TicketPortal.Domain.Operations;
using TicketPortal.Setup;

namespace TicketPortal.Operations;

/// <summary>Operations (seed 000): tickets for background work, their Hangfire jobs, watchdog and routes.</summary>
public static class OperationsFeature
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOperationServices();
        builder.Services.AddScoped<OperationJobs>();
        builder.Services.AddScoped<OperationStarter>();
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapOperationsApi();
        app.AddRecurringJob<OperationJobs>(OperationJobs.WatchdogId, j => j.FailLostAsync(CancellationToken.None), "Hangfire:OperationWatchdogCron", Cron.MinuteInterval(5));
        return app;
    }
}
