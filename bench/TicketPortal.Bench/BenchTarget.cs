using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TicketPortal.Domain.Data;

namespace TicketPortal.Bench;

/// <summary>Where a benchmark sends its load: one in-process portal on SQLite (<see cref="BenchPortal"/>), or
/// portal processes on PostgreSQL (<see cref="BenchProcesses"/>).</summary>
public interface IBenchTarget : IAsyncDisposable
{
    string Description { get; }
    IReadOnlyList<Uri> Addresses { get; }
    /// <summary>A client for instance <paramref name="instance"/> (modulo the instance count).</summary>
    HttpClient Client(string? token = null, int instance = 0);
    Task<string> OrganizerTokenAsync(string email);
    Task<string> BuyerTokenAsync(string email);
    /// <summary>Held+sold places on the event and its ticket rows, read from the database itself.</summary>
    Task<(int Reserved, int Tickets)> CountAsync(Guid eventId);
    /// <summary>The portal's memory: this process's working set, or the sum of the portal processes'.</summary>
    long WorkingSetBytes();
    /// <summary>CPU time the portal has used so far: the portal processes', or this whole process's (the load
    /// generator's included) when the portal runs in it.</summary>
    TimeSpan ProcessorTime();

    public static async Task<IBenchTarget> StartAsync(Deployment d) =>
        d.OwnProcess ? await BenchProcesses.StartAsync(d) : await BenchPortal.StartAsync();

    public static HttpClient NewClient(Uri address, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}

/// <summary>What the benchmark runs on: --provider sqlite|postgres and --instances N (PostgreSQL only); --process runs
/// the SQLite portal in a process of its own (PostgreSQL always is), so the load generator does not share its thread
/// pool.</summary>
public sealed record Deployment(string Provider, int Instances, bool OwnProcess = false)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static Deployment Parse(string[] args)
    {
        string? Get(string name) => Array.IndexOf(args, $"--{name}") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var provider = Get("provider")?.ToLowerInvariant() ?? Sqlite;
        var instances = int.TryParse(Get("instances"), out var n) && n > 0 ? n : 1;
        if (provider is not (Sqlite or Postgres))
            throw new ArgumentException("--provider is sqlite or postgres.");
        if (provider == Sqlite && instances > 1)
            throw new ArgumentException("SQLite is for one instance: use --provider postgres with --instances.");
        return new Deployment(provider, instances, provider == Postgres || args.Contains("--process"));
    }
}

/// <summary>N portal processes (`dotnet TicketPortal.dll`, Production, sandbox switched on): one on a SQLite file of
/// its own, or N sharing a fresh PostgreSQL database on the server TEST_POSTGRES names and, for more than one, the
/// Redis server TEST_REDIS names (`eval "$(bash scripts/services.sh start)"` starts both). The demo organizer
/// creates the events.</summary>
public sealed class BenchProcesses : IBenchTarget
{
    private readonly List<Process> processes = [];
    private readonly List<Uri> addresses = [];
    private readonly string database;
    private readonly string? adminConnection;
    private readonly DirectoryInfo? folder;

    private BenchProcesses(string database, string? adminConnection, DirectoryInfo? folder, string description)
    {
        this.database = database;
        this.adminConnection = adminConnection;
        this.folder = folder;
        Description = description;
    }

    public string Description { get; }
    public IReadOnlyList<Uri> Addresses => addresses;

    public const int PoolPerInstance = 20;

    public static string AdminConnection => Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException("TEST_POSTGRES is not set: eval \"$(bash scripts/services.sh start)\" first.");

    public static async Task<BenchProcesses> StartAsync(Deployment d)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Demo__Seed"] = "true",
            ["Stripe__Sandbox"] = "true",
            ["Hangfire__Server"] = "false",
            ["RateLimits__AuthPerMinute"] = "1000000",
            ["RateLimits__HoldsPerMinute"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            // The "is up at" line the benchmark waits for.
            ["Logging__LogLevel__TicketPortal"] = "Information",
        };
        BenchProcesses target;
        if (d.Provider == Deployment.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("ticketportal-bench-");
            target = new BenchProcesses($"Data Source={Path.Combine(folder.FullName, "portal.db")}", null, folder, "1 portal process on SQLite");
            settings["Database__Provider"] = "Sqlite";
            settings["ConnectionStrings__Portal"] = target.database;
            settings["Hangfire__SqlitePath"] = Path.Combine(folder.FullName, "hangfire.db");
        }
        else
        {
            var admin = AdminConnection;
            var name = $"tp_bench_{Guid.NewGuid():N}";
            await ExecAsync(admin, $"CREATE DATABASE \"{name}\"");
            // A small pool per instance: measured here, 20 connections gave 230 requests/s where 200 gave 140 (with a
            // hot event row, more connections only queue more backends on its lock, on the same two cores).
            var database = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = PoolPerInstance }.ToString();
            target = new BenchProcesses(database, admin, null,
                $"{d.Instances} portal process{(d.Instances == 1 ? "" : "es")} on PostgreSQL{(d.Instances > 1 ? " + Redis" : "")}");
            settings["Database__Provider"] = "PostgreSql";
            settings["ConnectionStrings__Portal"] = database;
            if (d.Instances > 1)
            {
                settings["Redis__Connection"] = Environment.GetEnvironmentVariable("TEST_REDIS") is { Length: > 0 } redis ? redis
                    : throw new InvalidOperationException("TEST_REDIS is not set: eval \"$(bash scripts/services.sh start)\" first.");
                settings["Redis__ChannelPrefix"] = name;
            }
        }
        try
        {
            // One after the other: the first migrates and seeds.
            for (var i = 0; i < d.Instances; i++)
                await target.StartOneAsync(settings);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    private async Task StartOneAsync(Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{typeof(Program).Assembly.Location}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Its own folder: the content root's configuration files are watched, and the temporary folder, which holds the
            // benchmark's database, changes at every commit (the watcher took 2.6 % of the portal's CPU there).
            WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        processes.Add(process);
        var up = new TaskCompletionSource<Uri>();
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "TicketPortal is up at ";
            if (e.Data?.IndexOf(marker, StringComparison.Ordinal) is { } at and >= 0)
                up.TrySetResult(new Uri(e.Data[(at + marker.Length)..].Split([',', ' '])[0].Trim()));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        addresses.Add(await up.Task.WaitAsync(TimeSpan.FromMinutes(2)));
    }

    public HttpClient Client(string? token = null, int instance = 0) => IBenchTarget.NewClient(addresses[instance % addresses.Count], token);

    public async Task<string> OrganizerTokenAsync(string email)
    {
        using var client = Client();
        return await IBenchTarget.LoginAsync(client, Setup.DemoData.OrganizerEmail, Setup.DemoData.Password);
    }

    public async Task<string> BuyerTokenAsync(string email)
    {
        using var client = Client();
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = BenchPortal.Password })).EnsureSuccessStatusCode();
        return await IBenchTarget.LoginAsync(client, email, BenchPortal.Password);
    }

    public async Task<(int Reserved, int Tickets)> CountAsync(Guid eventId)
    {
        await using PortalDbContext db = folder is not null
            ? new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(database).Options)
            : new PostgreSqlPortalDbContext(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UseNpgsql(database).Options);
        return (await db.Events.Where(e => e.Id == eventId).Select(e => e.Reserved).SingleAsync(),
            await db.Tickets.CountAsync(t => t.EventId == eventId));
    }

    public long WorkingSetBytes() => Running().Sum(p => p.WorkingSet64);

    public TimeSpan ProcessorTime() => TimeSpan.FromTicks(Running().Sum(p => p.TotalProcessorTime.Ticks));

    /// <summary>The portal processes still running, their figures read afresh.</summary>
    private IEnumerable<Process> Running() => processes.Where(p =>
    {
        p.Refresh();
        return !p.HasExited;
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var p in processes)
        {
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }
        if (adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecAsync(adminConnection, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
        }
        if (folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { folder.Delete(recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    public static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
