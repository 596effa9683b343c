using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Data;

namespace TicketPortal.Bench;

/// <summary>The real portal (Kestrel on a loopback port, SQLite file, production logging levels) in a temp folder.</summary>
public sealed class BenchPortal : WebApplicationFactory<Program>, IBenchTarget
{
    public const string Password = "Bench-pass-123";
    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("ticketportal-bench-");
    public Uri BaseAddress { get; private set; } = default!;
    public string Description => "1 in-process portal on SQLite";
    public IReadOnlyList<Uri> Addresses => [BaseAddress];

    public static Task<IBenchTarget> StartAsync()
    {
        var portal = new BenchPortal();
        portal.UseKestrel(0);
        portal.StartServer();
        var address = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        portal.BaseAddress = new Uri(address);
        return Task.FromResult<IBenchTarget>(portal);
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

    public HttpClient Client(string? token = null, int instance = 0) => IBenchTarget.NewClient(BaseAddress, token);

    public Task<string> OrganizerTokenAsync(string email) => UserTokenAsync(email, Roles.Organizer);

    public Task<string> BuyerTokenAsync(string email) => UserTokenAsync(email);

    public async Task<(int Reserved, int Tickets)> CountAsync(Guid eventId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (await db.Events.Where(e => e.Id == eventId).Select(e => e.Reserved).SingleAsync(),
            await db.Tickets.CountAsync(t => t.EventId == eventId));
    }

    public long WorkingSetBytes() => System.Diagnostics.Process.GetCurrentProcess().WorkingSet64;

    public TimeSpan ProcessorTime() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    private async Task<string> UserTokenAsync(string email, string? role = null)
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
        return await IBenchTarget.LoginAsync(client, email, Password);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Folder.Delete(recursive: true); } catch (IOException) { }
    }
}
