using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Tickets;

public static class TicketsRegistration
{
    /// <summary>The ticket services: holds, checkout, payments applied, refunds, expiry; all scoped to one DbContext.</summary>
    public static IServiceCollection AddTicketServices(this IServiceCollection services)
    {
        services.AddSingleton<Common.RetryBackoff>();
        services.AddScoped<TicketWriter>();
        services.AddScoped<TicketQueries>();
        // Off unless the host knows this process sees every write (TicketReadCache).
        services.TryAddSingleton(new TicketReadCache(enabled: false));
        services.AddScoped<HoldService>();
        services.AddSingleton<HoldLine>();
        services.AddSingleton<HoldLineReader>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<PaymentApplier>();
        services.AddScoped<RefundService>();
        services.AddScoped<HoldExpiry>();
        services.AddPublication<TicketPublication>();
        services.AddRouteEvents(TicketRouteEvents.All);
        return services;
    }
}

/// <summary>Seed 004's ticket route events, spelled as the seed spells them.</summary>
public static class TicketRouteEvents
{
    public const string Created = "ticket-created";
    public const string StartCheckout = "ticket-startcheckoutked";
    public const string CompleteCheckout = "ticket-completecheckoutked";
    public const string RefreshCheckout = "ticket-refreshcheckoutked";

    public static readonly string[] All = [Created, StartCheckout, CompleteCheckout, RefreshCheckout];
}
