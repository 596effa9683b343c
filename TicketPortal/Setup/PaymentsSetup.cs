using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;
using TicketPortal.Payments;
using TicketPortal.StripeSandbox;
using TicketPortal.Tickets;

namespace TicketPortal.Setup;

public static class PaymentsSetup
{
    public static IServiceCollection AddPortalPayments(this IServiceCollection services)
    {
        services.AddOptions<TicketOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.Hold = TimeSpan.FromMinutes(config.GetValue("Tickets:HoldMinutes", 10.0));
            o.MaxQuantity = config.GetValue("Tickets:MaxQuantity", 10);
        });
        services.AddScoped<TicketService>();
        services.AddScoped<PaymentRecordService>();
        services.AddSingleton<StripeSettings>();
        services.AddScoped<IPaymentGateway, StripeGateway>();
        services.AddSingleton<SandboxStore>();
        services.AddSingleton<SandboxWebhooks>();
        services.AddHttpClient("stripe-sandbox-webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    public static WebApplication MapPortalPayments(this WebApplication app)
    {
        app.MapTicketsApi();
        app.MapPaymentsApi();
        app.MapStripeWebhook();
        var stripe = app.Services.GetRequiredService<StripeSettings>();
        if (!stripe.IsSandbox && string.IsNullOrEmpty(app.Configuration["Stripe:WebhookSecret"]))
            app.Logger.LogWarning("Stripe:SecretKey is set but Stripe:WebhookSecret is not: Stripe's webhooks will be refused. " +
                "Payments still complete when buyers return and through the refresh job.");
        if (stripe.IsSandbox)
        {
            app.MapStripeSandbox();
            app.MapSandboxCheckoutPage();
        }
        return app;
    }
}
