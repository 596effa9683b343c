using System.Linq.Expressions;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using TicketPortal.Accounts;
using TicketPortal.Domain.Accounts;

namespace TicketPortal.Setup;

/// <summary>Hangfire: storage on the portal's database kind, the server, the admins' dashboard and the daily
/// retention job. Features add their own recurring jobs with <see cref="AddRecurringJob{TJob}"/>.</summary>
public static class JobsSetup
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddHangfire((sp, hangfire) =>
        {
            var cfg = sp.GetRequiredService<IConfiguration>();
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            var provider = cfg.Provider();
            if (provider == DatabaseProvider.SqlServer)
                hangfire.UseSqlServerStorage(PersistenceSetup.ServerConnectionString(cfg));
            else if (provider == DatabaseProvider.PostgreSql)
                // Its own schema in the portal's database; the storage's distributed locks make a recurring job
                // run once per tick whichever instance's scheduler sees the tick first.
                hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(PersistenceSetup.ServerConnectionString(cfg)),
                    new PostgreSqlStorageOptions { QueuePollInterval = QueuePoll(cfg), PrepareSchemaIfNecessary = true });
            else
                // Its own file: Hangfire's polling would otherwise contend with ticket writes for SQLite's one writer.
                hangfire.UseSQLiteStorage(PersistenceSetup.ResolvePath(
                    cfg["Hangfire:SqlitePath"] ?? "App_Data/hangfire.db", sp.GetRequiredService<IHostEnvironment>()),
                    new SQLiteStorageOptions { QueuePollInterval = QueuePoll(cfg) });
        });

        // Hangfire keeps process-wide statics: a second host in one process (tests) must not run a server.
        if (config.GetValue("Hangfire:Server", true))
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = config.GetValue("Hangfire:Workers", 4);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(config.GetValue("Hangfire:PollSeconds", 15));
            });
        services.AddScoped<RetentionJob>();
        return builder;
    }

    // An operation ticket's job starts within this; the storages' default (15 s) feels broken to an organizer.
    private static TimeSpan QueuePoll(IConfiguration cfg) => TimeSpan.FromSeconds(cfg.GetValue("Hangfire:QueuePollSeconds", 2.0));

    public static WebApplication MapJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            DashboardTitle = "TicketPortal jobs",
        }).RequireAuthorization(Policies.Admin);
        app.AddRecurringJob<RetentionJob>(RetentionJob.Id, j => j.PurgeExpiredRecordsAsync(CancellationToken.None), "Hangfire:PurgeRecordsCron", Cron.Daily());
        return app;
    }

    /// <summary>Registers (or updates) a recurring job whose schedule may be overridden by <paramref name="cronSetting"/>.</summary>
    public static void AddRecurringJob<TJob>(this WebApplication app, string id, Expression<Func<TJob, Task>> run, string cronSetting, string defaultCron) =>
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate(id, run, app.Configuration[cronSetting] ?? defaultCron);

    /// <summary>Second line behind the endpoint's policy: Hangfire's default lets any local request in.</summary>
    private sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
