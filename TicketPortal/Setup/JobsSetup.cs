using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;
using TicketPortal.Domain.Accounts;
using TicketPortal.Jobs;

namespace TicketPortal.Setup;

public static class JobsSetup
{
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration config)
    {
        services.AddHangfire((sp, hangfire) =>
        {
            var cfg = sp.GetRequiredService<IConfiguration>();
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (cfg.Provider() == DatabaseProvider.SqlServer)
                hangfire.UseSqlServerStorage(cfg.GetConnectionString("Portal"));
            else
                // Its own file: Hangfire's polling would otherwise contend with ticket writes for SQLite's one writer.
                hangfire.UseSQLiteStorage(PersistenceSetup.ResolvePath(
                    cfg["Hangfire:SqlitePath"] ?? "App_Data/hangfire.db", sp.GetRequiredService<IHostEnvironment>()));
        });

        // Hangfire keeps process-wide statics: a second host in one process (tests) must not run a server.
        if (config.GetValue("Hangfire:Server", true))
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = config.GetValue("Hangfire:Workers", 4);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(config.GetValue("Hangfire:PollSeconds", 15));
            });
        services.AddScoped<EndPastEventsJob>();
        services.AddScoped<TicketJobs>();
        return services;
    }

    public static WebApplication UsePortalJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            DashboardTitle = "TicketPortal jobs",
        }).RequireAuthorization(Policies.Admin);

        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<EndPastEventsJob>(EndPastEventsJob.Id, j => j.RunAsync(CancellationToken.None),
            app.Configuration["Hangfire:EndPastEventsCron"] ?? "*/5 * * * *");
        jobs.AddOrUpdate<TicketJobs>(TicketJobs.ExpireHoldsId, j => j.ExpireLapsedHoldsAsync(CancellationToken.None),
            app.Configuration["Hangfire:ExpireHoldsCron"] ?? "* * * * *");
        jobs.AddOrUpdate<TicketJobs>(TicketJobs.RefreshCheckoutsId, j => j.RefreshOpenCheckoutsAsync(CancellationToken.None),
            app.Configuration["Hangfire:RefreshCheckoutsCron"] ?? "* * * * *");
        jobs.AddOrUpdate<TicketJobs>(TicketJobs.PurgeRecordsId, j => j.PurgeExpiredRecordsAsync(CancellationToken.None), Cron.Daily());
        return app;
    }

    /// <summary>Second line behind the endpoint's policy: Hangfire's default lets any local request in.</summary>
    private sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
