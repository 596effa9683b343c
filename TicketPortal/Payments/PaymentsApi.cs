using TicketPortal.Domain.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Api;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Payments;
using TicketPortal.Realtime;
using TicketPortal.Accounts;

namespace TicketPortal.Payments;

/// <summary>Seed 004's payment routes: ticket payments, payment customers and payment methods.</summary>
public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/v1/ticket-payments").WithTags("Ticket payments").RequireAuthorization();
        payments.MapGet("/{id:guid}", (HttpContext h, PaymentRecordService s, CurrentUser u, Guid id, CancellationToken ct) =>
            One(h, "get", s.GetPaymentAsync(u.Actor, id, ct))).Returns<TicketPaymentEnvelope>().WithSummary("One payment record (its buyer, its organizer or an admin).").PublishesRouteEvent(PaymentRouteEvents.Retrieved);
        payments.MapGet("/by-order/{orderId:guid}", (HttpContext h, PaymentRecordService s, CurrentUser u, Guid orderId, CancellationToken ct) =>
            One(h, "get", s.GetPaymentByOrderAsync(u.Actor, orderId, ct))).Returns<TicketPaymentEnvelope>().WithSummary("The current payment record of a ticket (orderId is the ticket id).").PublishesRouteEvent(PaymentRouteEvents.ByOrderId);
        payments.MapGet("/by-payment/{paymentId}", (HttpContext h, PaymentRecordService s, CurrentUser u, string paymentId, CancellationToken ct) =>
            One(h, "get", s.GetPaymentByPaymentIdAsync(u.Actor, paymentId, ct))).Returns<TicketPaymentEnvelope>().WithSummary("The payment record of a Stripe Checkout Session id.").PublishesRouteEvent(PaymentRouteEvents.ByPaymentId);
        payments.MapGet("/", async (HttpContext h, PaymentRecordService s, CurrentUser u, int? page, int? pageSize, string? paymentStatus, bool? needsAttention, CancellationToken ct) =>
            ApiResults.RespondList(h, await s.ListPaymentsAsync(u.Actor, page ?? 1, pageSize ?? Paging.DefaultSize, paymentStatus, needsAttention, ct), "ticketPayments", p => TicketPaymentDto.From(p)))
            .Returns<TicketPaymentListEnvelope>().WithSummary("The caller's payment records (organizers: their events'; admins: all), newest first; filter by paymentStatus or needsAttention.").PublishesRouteEvent(PaymentRouteEvents.Listed);

        var admin = payments.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/", Create).Returns<TicketPaymentEnvelope>(StatusCodes.Status201Created).WithSummary("Record a payment by hand (admins; checkout records its own).")
            .PublishesRouteEvent(PaymentRouteEvents.Created);
        admin.MapPatch("/{id:guid}", (HttpContext h, PaymentRecordService s, CurrentUser u, Guid id, TicketPaymentInput input, CancellationToken ct) =>
            One(h, "update", s.UpdatePaymentAsync(u.Actor, id, input, ct))).Returns<TicketPaymentEnvelope>().WithSummary("Change paymentStatus, statusLiteral or redirectUrl (admins).")
            .PublishesRouteEvent(PaymentRouteEvents.Updated);
        admin.MapDelete("/{id:guid}", (HttpContext h, PaymentRecordService s, CurrentUser u, Guid id, CancellationToken ct) =>
            One(h, "delete", s.DeletePaymentAsync(u.Actor, id, ct))).Returns<TicketPaymentEnvelope>().WithSummary("Soft-delete a payment record (admins).")
            .PublishesRouteEvent(PaymentRouteEvents.Deleted);

        var customers = app.MapGroup("/api/v1/payment-customers").WithTags("Payment customers").RequireAuthorization();
        customers.MapGet("/{id:guid}", async (HttpContext h, PaymentRecordService s, CurrentUser u, Guid id, CancellationToken ct) =>
            ApiResults.Respond(h, await s.GetCustomerAsync(u.Actor, id, ct), "paymentCustomer", "get", c => PaymentCustomerDto.From(c)))
            .Returns<PaymentCustomerEnvelope>().WithSummary("One Stripe customer record.").PublishesRouteEvent(PaymentRouteEvents.CustomerRetrieved);
        customers.MapGet("/", async (HttpContext h, PaymentRecordService s, CurrentUser u, int? page, int? pageSize, CancellationToken ct) =>
            ApiResults.RespondList(h, await s.ListCustomersAsync(u.Actor, page ?? 1, pageSize ?? Paging.DefaultSize, ct), "paymentCustomers", c => PaymentCustomerDto.From(c)))
            .Returns<PaymentCustomerListEnvelope>().WithSummary("The caller's Stripe customer records (organizers: their buyers').").PublishesRouteEvent(PaymentRouteEvents.CustomersListed);

        app.MapGet("/api/v1/payment-methods", async (HttpContext h, PaymentRecordService s, CurrentUser u, int? page, int? pageSize, CancellationToken ct) =>
            ApiResults.RespondList(h, await s.ListMethodsAsync(u.Actor, page ?? 1, pageSize ?? Paging.DefaultSize, ct), "paymentMethods", m => PaymentMethodDto.From(m)))
            .Returns<PaymentMethodListEnvelope>().WithSummary("Summaries of the caller's saved cards: brand, last four digits, expiry; never a card number.").WithTags("Payment methods").RequireAuthorization().PublishesRouteEvent(PaymentRouteEvents.MethodsListed);
        return app;
    }

    private static async Task<Results<Created<Envelope>, ProblemHttpResult>> Create(
        HttpContext http, PaymentRecordService service, CurrentUser user, TicketPaymentInput input, CancellationToken ct) =>
        ApiResults.RespondCreated(http, await service.CreatePaymentAsync(user.Actor, input, ct), "ticketPayment",
            p => $"/api/v1/ticket-payments/{p.Id}", p => TicketPaymentDto.From(p));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> One(HttpContext http, string action, Task<Result<TicketPayment>> result) =>
        ApiResults.Respond(http, await result, "ticketPayment", action, p => TicketPaymentDto.From(p));
}
