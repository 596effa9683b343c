using TicketPortal.Payments;

namespace TicketPortal.StripeSandbox;

/// <summary>The built-in Stripe sandbox: a Stripe-compatible API and card page served by the portal itself,
/// used when no Stripe:SecretKey is configured.</summary>
public static class SandboxFeature
{
    public static WebApplicationBuilder AddStripeSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SandboxStore>();
        builder.Services.AddSingleton<SandboxWebhooks>();
        builder.Services.AddHttpClient("stripe-sandbox-webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }

    public static WebApplication MapStripeSandbox(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<StripeSettings>().IsSandbox)
            return app;
        app.MapSandboxApi();
        app.MapSandboxCheckoutPage();
        return app;
    }
}
