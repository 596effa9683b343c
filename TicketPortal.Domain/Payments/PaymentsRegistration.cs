using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Payments;

public static class PaymentsRegistration
{
    /// <summary>Payment records (look-ups and admins' bookkeeping) and what they publish.</summary>
    public static IServiceCollection AddPaymentServices(this IServiceCollection services)
    {
        services.AddScoped<PaymentRecordService>();
        services.AddPublication<TicketPaymentPublication>();
        services.AddPublication<PaymentCustomerPublication>();
        services.AddPublication<PaymentMethodPublication>();
        services.AddRouteEvents(PaymentRouteEvents.All);
        return services;
    }
}

/// <summary>Seed 004's payment route events, spelled as the seed spells them.</summary>
public static class PaymentRouteEvents
{
    public const string Retrieved = "ticketpayment-retreived";
    public const string ByOrderId = "ticketpaymentbyorderid-got";
    public const string ByPaymentId = "ticketpaymentbypaymentid-got";
    public const string Created = "ticketpayment-created";
    public const string Updated = "ticketpayment-updated";
    public const string Listed = "ticketpayments-listed";
    public const string Deleted = "ticketpayments-deleted";
    public const string CustomerRetrieved = "paymentcustomer-retreived";
    public const string CustomersListed = "paymentcustomers-listed";
    public const string MethodsListed = "paymentmethods-listed";

    public static readonly string[] All =
        [Retrieved, ByOrderId, ByPaymentId, Created, Updated, Listed, Deleted, CustomerRetrieved, CustomersListed, MethodsListed];
}
