namespace TicketPortal.Payments;

/// <summary>The Stripe section of the configuration.</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>sk_test_… or sk_live_…; without it the portal runs its built-in sandbox, which outside
    /// Development must be switched on explicitly with <see cref="Sandbox"/>.</summary>
    public string? SecretKey { get; set; }
    public string? WebhookSecret { get; set; }
    /// <summary>Run the simulated payment sandbox outside Development (demos). Never on by itself.</summary>
    public bool Sandbox { get; set; }
    /// <summary>Where Stripe.net reaches the sandbox; by default the portal's own bound address.</summary>
    public string? SandboxBaseUrl { get; set; }
    public bool SandboxWebhooks { get; set; } = true;
    /// <summary>The key the sandbox accepts; random per process unless set. Instances that share one sandbox
    /// (pinned with <see cref="SandboxBaseUrl"/>) share this key too.</summary>
    public string? SandboxKey { get; set; }

    public const string MissingKey =
        "Stripe:SecretKey is not set. Set it to your Stripe secret key, or set Stripe:Sandbox=true to run the simulated payment sandbox (no money moves).";

    /// <summary>Whether these settings may run in <paramref name="environment"/>: a real key, or the sandbox
    /// in Development or by explicit choice.</summary>
    public bool IsAllowedIn(IHostEnvironment environment) =>
        !string.IsNullOrEmpty(SecretKey) || Sandbox || environment.IsDevelopment();

    public const int MinimumSandboxKeyLength = 32;

    public const string ShortSandboxKey = "Stripe:SandboxKey is too short: use at least 32 random characters (or leave it unset for a random key per process).";

    /// <summary>A configured sandbox key, when the sandbox is in use, must be long enough not to be guessed.</summary>
    public bool SandboxKeyTooShort => string.IsNullOrEmpty(SecretKey) && SandboxKey is { Length: > 0 and < MinimumSandboxKeyLength };
}
