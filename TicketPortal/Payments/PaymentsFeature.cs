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
        builder.Services.AddSingleton<StripeSettings>();
        builder.Services.AddScoped<IPaymentGateway, StripeGateway>();
        builder.Services.AddRetentionRule<ProcessedWebhookRetention>();
        return builder;
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
