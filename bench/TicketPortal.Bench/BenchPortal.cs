using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Accounts;

namespace TicketPortal.Bench;

/// <summary>The real portal (Kestrel on a loopback port, SQLite file, production logging levels) in a temp folder.</summary>
public sealed class BenchPortal : WebApplicationFactory<Program>
{
    public const string Password = "Bench-pass-123";
    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("ticketportal-bench-");
    public Uri BaseAddress { get; private set; } = default!;

    public static Task<BenchPortal> StartAsync()
    {
        var portal = new BenchPortal();
        portal.UseKestrel(0);
        portal.StartServer();
        var address = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        portal.BaseAddress = new Uri(address);
        return Task.FromResult(portal);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(Folder.FullName, "portal.db")}");
        builder.UseSetting("Hangfire:SqlitePath", Path.Combine(Folder.FullName, "hangfire.db"));
        builder.UseSetting("Hangfire:Server", "false");
        builder.UseSetting("Demo:Seed", "false");
        // A Production start needs a Stripe key or the explicit sandbox switch; the burst comes from one address
        // and a few accounts, so the abuse limits would only measure themselves.
        builder.UseSetting("Stripe:Sandbox", "true");
        builder.UseSetting("RateLimits:AuthPerMinute", "1000000");
        builder.UseSetting("RateLimits:HoldsPerMinute", "1000000");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> UserTokenAsync(string email, string? role = null)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            if (role is not null)
                await users.AddToRoleAsync(user, role);
        }
        using var client = Client();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Folder.Delete(recursive: true); } catch (IOException) { }
    }
}
