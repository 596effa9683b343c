using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Stripe;

namespace TicketPortal.Payments;

/// <summary>Which Stripe the portal talks to. With no Stripe:SecretKey it is the built-in sandbox, served by
/// this very app under /stripe-sandbox; the same Stripe.net code runs in both modes.</summary>
public sealed class StripeSettings
{
    public StripeSettings(IConfiguration config, IServer server)
    {
        SecretKey = config["Stripe:SecretKey"] is { Length: > 0 } key ? key : null;
        WebhookSecret = config["Stripe:WebhookSecret"] is { Length: > 0 } secret
            ? secret
            : "whsec_sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        client = new(() => SecretKey is not null
            ? new StripeClient(SecretKey)
            : new StripeClient(SandboxKey, apiBase: SandboxBase(config, server)));
    }

    private readonly Lazy<StripeClient> client;

    public string? SecretKey { get; }
    public bool IsSandbox => SecretKey is null;

    /// <summary>From configuration; in sandbox mode a per-process secret unless one is configured.</summary>
    public string WebhookSecret { get; }

    public StripeClient Client => client.Value;

    /// <summary>The key the sandbox accepts: random per process, so nobody outside the app can drive it.</summary>
    public string SandboxKey { get; } = "sk_test_sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The app's own address, as Kestrel bound it (tests use port 0), plus the sandbox prefix.</summary>
    private static string SandboxBase(IConfiguration config, IServer server)
    {
        if (config["Stripe:SandboxBaseUrl"] is { Length: > 0 } configured)
            return configured.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal))
            .FirstOrDefault() ?? throw new InvalidOperationException("The server has no address yet; set Stripe:SandboxBaseUrl.");
        var uri = new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"));
        return $"{uri.Scheme}://{uri.Authority}/stripe-sandbox";
    }
}
