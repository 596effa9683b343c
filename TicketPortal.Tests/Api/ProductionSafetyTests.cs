using System.Net;
using TicketPortal.Payments;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Nothing simulated switches on by itself outside Development.</summary>
[Trait("Host", "Process")]
public sealed class ProductionSafetyTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ProductionStart_WithoutAStripeKey_Stops_NamingStripeSecretKey()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        var exitCode = await portal.ExitCodeAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(StripeOptions.MissingKey, portal.Output);
        Assert.DoesNotContain("TicketPortal is up at", portal.Output);
    }

    [Fact]
    public async Task ProductionStart_WithTheExplicitSandboxSwitch_Starts()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stripe__Sandbox"] = "true",
        });

        var address = await portal.AddressAsync(StartTimeout);

        using var client = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task AShortConfiguredSandboxKey_StopsTheStart_NamingTheSetting()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stripe__Sandbox"] = "true",
            ["Stripe__SandboxKey"] = "sk_test_guessable",
        });

        Assert.NotEqual(0, await portal.ExitCodeAsync(StartTimeout));
        Assert.Contains(StripeOptions.ShortSandboxKey, portal.Output);
    }
}
