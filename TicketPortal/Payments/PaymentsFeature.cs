using TicketPortal.Domain.Payments;
using TicketPortal.Setup;

namespace TicketPortal.Payments;

/// <summary>Payments: Stripe.net as the domain's gateway, the payment record routes, Stripe's webhook and what
/// payment records publish.</summary>
public static class PaymentsFeature
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddPaymentServices();
        // Checked when the host starts: outside Development, no key and no explicit sandbox stops the start-up.
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section)
            .Validate<IHostEnvironment>((o, env) => o.IsAllowedIn(env), StripeOptions.MissingKey)
            .ValidateOnStart();
        builder.Services.AddSingleton<StripeSettings>();
        builder.Services.AddScoped<IPaymentGateway, StripeGateway>();
        builder.Services.AddRetentionRule<ProcessedWebhookRetention>();
        return builder;
    }

    /// <summary>Why payments cannot start in this environment (no key and no explicit sandbox outside Development), or null.</summary>
    public static string? PaymentsMisconfigured(this WebApplication app)
    {
        var options = app.Configuration.GetSection(StripeOptions.Section).Get<StripeOptions>() ?? new StripeOptions();
        if (!options.IsAllowedIn(app.Environment))
            return StripeOptions.MissingKey;
        return options.SandboxKeyTooShort ? StripeOptions.ShortSandboxKey : null;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentsApi();
        app.MapStripeWebhook();
        var stripe = app.Services.GetRequiredService<StripeSettings>();
        if (!stripe.IsSandbox && string.IsNullOrEmpty(app.Configuration["Stripe:WebhookSecret"]))
            app.Logger.LogWarning("Stripe:SecretKey is set but Stripe:WebhookSecret is not: Stripe's webhooks will be refused. " +
                "Payments still complete when buyers return and through the refresh job.");
        return app;
    }
}
