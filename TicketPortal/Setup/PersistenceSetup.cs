using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Setup;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public static class PersistenceSetup
{
    public const string DefaultSqlite = "Data Source=App_Data/ticketportal.db";

    public static DatabaseProvider Provider(this IConfiguration config) =>
        config.GetValue("Database:Provider", DatabaseProvider.Sqlite);

    private static readonly SqliteBusyTimeoutInterceptor BusyTimeout = new();

    /// <summary>The portal's database (SQLite by default; SQL Server or PostgreSQL by Database:Provider) and the clock.</summary>
    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteWriteGate>();
        // Decided once: kept-open connections (the read lane) are worth it only with their statements kept.
        var keepStatements = builder.Configuration.GetValue("Database:StatementCache", true);
        var statements = new SqliteStatementCache();
        if (keepStatements)
            services.AddSingleton(statements).AddSingleton<SqliteReadLane>();
        // One instance on SQLite sees every write to its database, so it may serve tickets it read before
        // (TicketReadCache); instances sharing a server database do not.
        services.AddSingleton(sp => new TicketReadCache(
            sp.GetRequiredService<IConfiguration>() is var config && config.Provider() == DatabaseProvider.Sqlite && config.GetValue("Tickets:ReadCache", true)));

        // Both providers are registered; configuration picks one when a context is first asked for,
        // so tests and hosts can switch it after Program has run.
        services.AddDbContextPool<SqlitePortalDbContext>((sp, options) =>
            options.UseSqlite(SqliteConnectionString(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()))
                .AddInterceptors(
                    // First: a commit's events are handed on (OutboxCommitInterceptor) only after the kept tickets end.
                    sp.GetRequiredService<TicketReadCache>().Invalidation,
                    sp.GetRequiredService<OutboxCommitInterceptor>(), BusyTimeout, sp.GetRequiredService<SqliteWriteGate>())
                .AddInterceptors(keepStatements ? [statements] : []));
        services.AddDbContextPool<SqlServerPortalDbContext>((sp, options) =>
            options.UseSqlServer(ServerConnectionString(sp.GetRequiredService<IConfiguration>()))
                .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        services.AddDbContextPool<PostgreSqlPortalDbContext>((sp, options) =>
            options.UseNpgsql(ServerConnectionString(sp.GetRequiredService<IConfiguration>()))
                .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<IConfiguration>().Provider() switch
        {
            DatabaseProvider.SqlServer => sp.GetRequiredService<SqlServerPortalDbContext>(),
            DatabaseProvider.PostgreSql => sp.GetRequiredService<PostgreSqlPortalDbContext>(),
            _ => sp.GetRequiredService<SqlitePortalDbContext>(),
        });
        return builder;
    }

    /// <summary>ConnectionStrings:Portal, which a server provider cannot do without.</summary>
    public static string ServerConnectionString(IConfiguration config) =>
        config.GetConnectionString("Portal") is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException($"Database:Provider is {config.Provider()} but ConnectionStrings:Portal is not set.");

    /// <summary>The SQLite connection string with a relative file path resolved against the content root,
    /// so the database lands in the same place whatever the working directory.</summary>
    public static string SqliteConnectionString(IConfiguration config, IHostEnvironment env)
    {
        var builder = new SqliteConnectionStringBuilder(config.GetConnectionString("Portal") ?? DefaultSqlite);
        builder.DataSource = ResolvePath(builder.DataSource, env);
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    public static string ResolvePath(string path, IHostEnvironment env)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(env.ContentRootPath, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
