using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Setup;

namespace TicketPortal.Tests.Support;

/// <summary>Two portal processes, A and B, on loopback ports, sharing one fresh PostgreSQL database and a Redis
/// server (TEST_POSTGRES, TEST_REDIS): the scale-out deployment in miniature. B starts first, migrates and seeds;
/// the Stripe sandbox is pinned to B, so a checkout started on A is paid on B's card page and B handles the
/// webhook. Redis channels carry a prefix of the pair's own, so pairs running at once do not hear each other.</summary>
public sealed class PortalPair : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_pair_tests_only_not_a_real_secret";

    private PortalPair(string connectionString, string channelPrefix)
    {
        ConnectionString = connectionString;
        ChannelPrefix = channelPrefix;
    }

    public PortalProcess A { get; private set; } = default!;
    public PortalProcess B { get; private set; } = default!;
    public Uri AddressA { get; private set; } = default!;
    public Uri AddressB { get; private set; } = default!;
    public string ConnectionString { get; }
    public string ChannelPrefix { get; }

    /// <summary>Starts B, then A; <paramref name="settings"/> go to both (as environment variables).</summary>
    public static async Task<PortalPair> StartAsync(IDictionary<string, string>? settings = null)
    {
        // Each instance's connection pool is bounded so that every instance's together stay under the server's
        // max_connections (pairs of two tests may run at once): the sizing rule the README gives operators.
        var database = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabases.NewPostgresDatabase()) { MaxPoolSize = 30 }.ToString();
        var pair = new PortalPair(database, $"tp-test-{Guid.NewGuid():N}");
        var shared = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings__Portal"] = pair.ConnectionString,
            ["Redis__Connection"] = TestDatabases.RedisServer,
            ["Redis__ChannelPrefix"] = pair.ChannelPrefix,
            ["Demo__Seed"] = "true",
            ["Stripe__WebhookSecret"] = WebhookSecret,
            ["Stripe__SandboxKey"] = $"sk_test_sandbox_pair_{Guid.NewGuid():N}",
            // A killed dispatcher's lease runs out quickly in tests.
            ["Outbox__LeaseSeconds"] = "3",
            ["Hangfire__PollSeconds"] = "1",
            ["RateLimits__AuthPerMinute"] = "100000",
            ["RateLimits__HoldsPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            shared[key] = value;

        pair.B = PortalProcess.Start(shared);
        pair.AddressB = await pair.B.AddressAsync(TimeSpan.FromSeconds(60));
        pair.A = PortalProcess.Start(new Dictionary<string, string>(shared) { ["Stripe__SandboxBaseUrl"] = pair.AddressB.ToString() });
        pair.AddressA = await pair.A.AddressAsync(TimeSpan.FromSeconds(60));
        return pair;
    }

    public static HttpClient Client(Uri address) => new() { BaseAddress = address };

    /// <summary>Logs in on <paramref name="address"/> and returns a client for it carrying the bearer token.</summary>
    public static async Task<HttpClient> SignedInAsync(Uri address, string email, string password = DemoData.Password)
    {
        var client = Client(address);
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>One entry of the portal's /health ("outbox", "kafka", …).</summary>
    public static async Task<JsonElement> HealthCheckAsync(Uri address, string check)
    {
        using var client = Client(address);
        return (await (await client.GetAsync("/health")).BodyAsync()).GetProperty("checks").GetProperty(check).Clone();
    }

    /// <summary>A new attendee account, registered through the API of <paramref name="address"/>.</summary>
    public static async Task<string> RegisterAsync(Uri address)
    {
        var email = $"buyer-{Guid.NewGuid():N}@test.local";
        using var client = Client(address);
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = DemoData.Password })).EnsureSuccessStatusCode();
        return email;
    }

    /// <summary>The shared database, read directly, as a check independent of either instance.</summary>
    public async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var db = new PostgreSqlPortalDbContext(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UseNpgsql(ConnectionString).Options);
        return await read(db);
    }

    public async ValueTask DisposeAsync()
    {
        // For a failing run: PORTAL_PAIR_LOGS=folder keeps both instances' output.
        if (Environment.GetEnvironmentVariable("PORTAL_PAIR_LOGS") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            await File.WriteAllTextAsync(Path.Combine(logs, $"{ChannelPrefix}-A.log"), A?.Output);
            await File.WriteAllTextAsync(Path.Combine(logs, $"{ChannelPrefix}-B.log"), B?.Output);
        }
        if (A is not null)
            await A.DisposeAsync();
        if (B is not null)
            await B.DisposeAsync();
    }
}
