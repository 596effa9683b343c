using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Accounts;
using TicketPortal.Setup;

namespace TicketPortal.Tests.Support;

/// <summary>The portal on a real loopback port with its own temporary database (SQLite files, or PostgreSQL
/// with TEST_DATABASE_PROVIDER=PostgreSql) and demo data.
/// One per test run: Hangfire keeps process-wide state, so a second host would break it.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("ticketportal-tests-");

    public const string WebhookSecret = "whsec_tests_only_not_a_real_secret";
    public const string AllowedOrigin = "https://frontend.example";
    public const int MaxQuantity = 12;

    public Uri BaseAddress { get; private set; } = default!;
    /// <summary>The SMTP server the portal sends its e-mail to (in-process, on a loopback port).</summary>
    public netDumbster.smtp.SimpleSmtpServer Smtp { get; } = netDumbster.smtp.SimpleSmtpServer.Start();
    public string DataDirectory => dir.FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        if (TestDatabases.OnPostgres)
        {
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:Portal", TestDatabases.NewPostgresDatabase());
        }
        else
            builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(dir.FullName, "portal.db")}");
        builder.UseSetting("Hangfire:SqlitePath", Path.Combine(dir.FullName, "hangfire.db"));
        builder.UseSetting("Hangfire:PollSeconds", "1");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Mail:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Mail:Smtp:Port", Smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Smtp:Security", "None");
        builder.UseSetting("Stripe:WebhookSecret", WebhookSecret);
        builder.UseSetting("Cors:Origins", AllowedOrigin);
        // Operation retries come quickly in tests.
        builder.UseSetting("Operations:Retries", "1");
        builder.UseSetting("Operations:RetryDelaySeconds", "1");
        // Every test logs in from 127.0.0.1; the limits themselves are tested on a process of their own.
        builder.UseSetting("RateLimits:AuthPerMinute", "100000");
        builder.UseSetting("RateLimits:HoldsPerMinute", "100000");
        builder.UseSetting("RateLimits:CardPagePerMinute", "100000");
        // Not the default 10, so pages that offer quantities are seen to follow the setting.
        builder.UseSetting("Tickets:MaxQuantity", MaxQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1"));
        return Task.CompletedTask;
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public Task<HttpClient> SignedInAsync(string email, string password = DemoData.Password) =>
        PortalPair.SignedInAsync(BaseAddress, email, password);

    /// <summary>A new account with the given extra role; returns its email (password is the demo one).</summary>
    public async Task<string> CreateUserAsync(string? role = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"{role?.ToLowerInvariant() ?? "user"}-{Guid.NewGuid():N}@test.local";
        var user = new PortalUser { UserName = email, Email = email, DisplayName = email };
        var created = await users.CreateAsync(user, DemoData.Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        if (role is not null)
            await users.AddToRoleAsync(user, role);
        return email;
    }

    public async Task<HttpClient> NewUserClientAsync(string? role = null) => await SignedInAsync(await CreateUserAsync(role));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Smtp.Stop();
        try { dir.Delete(recursive: true); } catch (IOException) { /* SQLite may still hold a handle briefly */ }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "portal";
}
