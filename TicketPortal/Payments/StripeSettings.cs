using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Stripe;

namespace TicketPortal.Payments;

/// <summary>Which Stripe the portal talks to. With no Stripe:SecretKey it is the built-in sandbox, served by
/// this very app under /stripe-sandbox; the same Stripe.net code runs in both modes.</summary>
public sealed class StripeSettings
{
    private readonly Lazy<string> ownBase;
    private readonly Lazy<StripeClient> client;

    public StripeSettings(IOptions<StripeOptions> options, IServer server)
    {
        var o = options.Value;
        SecretKey = o.SecretKey is { Length: > 0 } key ? key : null;
        WebhookSecret = o.WebhookSecret is { Length: > 0 } secret
            ? secret
            : "whsec_sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        SandboxWebhooks = o.SandboxWebhooks;
        SandboxKey = o.SandboxKey is { Length: > 0 } sandboxKey
            ? sandboxKey
            : "sk_test_sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        ownBase = new(() => OwnBase(o, server));
        client = new(() => SecretKey is not null
            ? new StripeClient(SecretKey)
            : new StripeClient(SandboxKey, apiBase: $"{ownBase.Value}{SandboxPrefix}"));
    }

    public const string SandboxPrefix = "/stripe-sandbox";

    public string? SecretKey { get; }
    public bool IsSandbox => SecretKey is null;
    public bool SandboxWebhooks { get; }

    /// <summary>From configuration; in sandbox mode a per-process secret unless one is configured.</summary>
    public string WebhookSecret { get; }

    public StripeClient Client => client.Value;

    /// <summary>The key the sandbox accepts: random per process unless configured, so nobody outside the app can drive it.</summary>
    public string SandboxKey { get; }

    /// <summary>Where the sandbox delivers its webhooks: the portal's own address (configured, or as Kestrel
    /// bound it), never a host named by a request.</summary>
    public string SandboxWebhookUrl => $"{ownBase.Value}/api/v1/stripe/webhook";

    /// <summary>The app's own address: Stripe:SandboxBaseUrl's origin, or the address Kestrel bound (tests use port 0).</summary>
    private static string OwnBase(StripeOptions o, IServer server)
    {
        if (o.SandboxBaseUrl is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out var uri))
            return $"{uri.Scheme}://{uri.Authority}";
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal))
            .FirstOrDefault() ?? throw new InvalidOperationException("The server has no address yet; set Stripe:SandboxBaseUrl.");
        var bound = new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"));
        return $"{bound.Scheme}://{bound.Authority}";
    }
}
