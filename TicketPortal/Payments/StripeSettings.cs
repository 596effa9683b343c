using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Stripe;

namespace TicketPortal.Payments;

/// <summary>Which Stripe the portal talks to. With no Stripe:SecretKey it is the built-in sandbox, served by
/// this very app under /stripe-sandbox; the same Stripe.net code runs in both modes.</summary>
public sealed class StripeSettings(IConfiguration config, IServer server)
{
    private readonly Lazy<StripeClient> client = new(() => Create(config, server));

    public string? SecretKey { get; } = config["Stripe:SecretKey"] is { Length: > 0 } key ? key : null;
    public bool IsSandbox => SecretKey is null;

    /// <summary>From configuration; in sandbox mode a per-process secret unless one is configured.</summary>
    public string WebhookSecret { get; } = config["Stripe:WebhookSecret"] is { Length: > 0 } secret
        ? secret
        : "whsec_sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public StripeClient Client => client.Value;

    private static StripeClient Create(IConfiguration config, IServer server)
    {
        if (config["Stripe:SecretKey"] is { Length: > 0 } key)
            return new StripeClient(key);
        return new StripeClient("sk_test_sandbox", apiBase: SandboxBase(config, server));
    }

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
