using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.CheckIns;
using TicketPortal.Domain.CheckIns;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;
using TicketPortal.Realtime;
using TicketPortal.Setup;

namespace TicketPortal.Tickets;

/// <summary>Seed 004's ticket routes: create (hold), read, cancel, start / complete / refresh checkout, refund.</summary>
public static class TicketsApi
{
    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/v1/tickets").WithTags("Tickets").RequireAuthorization();
        tickets.MapPost("/", Create).Returns<TicketEnvelope>(StatusCodes.Status201Created).WithSummary("Reserve places for an event; they are held until holdExpiresAt.")
            .RequireRateLimiting(RateLimits.Holds)
            // Outermost, so the transaction below begins only when the request's turn has come.
            .AddEndpointFilter((ctx, next) => ctx.HttpContext.RequestServices.GetRequiredService<HoldAdmission>().InvokeAsync(ctx, next))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .PublishesRouteEventWithItsChange(TicketRouteEvents.Created);
        tickets.MapGet("/", List).Returns<TicketListEnvelope>().WithSummary("The caller's tickets, newest first.");
        tickets.MapGet("/{id:guid}", Get).WithSummary("One ticket (its holder, its event's organizer or an admin).").Returns<TicketEnvelope>();
        tickets.MapDelete("/{id:guid}", Cancel).Returns<TicketEnvelope>().WithSummary("Cancel an unpaid ticket (soft delete); its places return.");
        tickets.MapPost("/{id:guid}/start-checkout", StartCheckout).Returns<TicketEnvelope>().WithSummary("Create (or reuse) the Stripe Checkout Session; redirect the buyer to ticketPayment.redirectUrl.")
            .PublishesRouteEvent(TicketRouteEvents.StartCheckout);
        tickets.MapPost("/{id:guid}/complete-checkout", CompleteCheckout).Returns<TicketEnvelope>().WithSummary("The buyer is back from checkout: apply what Stripe says.")
            .PublishesRouteEvent(TicketRouteEvents.CompleteCheckout);
        tickets.MapPost("/{id:guid}/refresh-checkout", RefreshCheckout).Returns<TicketEnvelope>().WithSummary("Ask Stripe for the checkout's state and apply it.")
            .PublishesRouteEvent(TicketRouteEvents.RefreshCheckout);
        tickets.MapPost("/{id:guid}/refund", Refund).Returns<TicketEnvelope>().WithSummary("Refund a paid ticket in full (its organizer); its places return.");

        app.MapGet("/api/v1/events/{id:guid}/tickets", ForEvent).Returns<TicketWithPaymentListEnvelope>().WithTags("Tickets")
            .RequireAuthorization(Policies.Organizer).WithSummary("An event's tickets with their payments (its organizer).");
        return app;
    }

    // The hold service comes from the scope that writes the hold, which is a group commit's when HoldAdmission groups
    // holds; and no cancellation reaches its commands, which would roll back the group's transaction with them.
    private static async Task<Results<Created<Envelope>, ProblemHttpResult>> Create(HttpContext http, CurrentUser user, CreateTicketRequest request) =>
        ApiResults.RespondCreated(http, await http.RequestServices.GetRequiredService<HoldService>().CreateAsync(user.Actor, request, CancellationToken.None),
            "ticket", v => $"/api/v1/tickets/{v.Ticket.Id}", v => TicketDto.From(v.Ticket));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> List(
        HttpContext http, TicketQueries queries, CurrentUser user, int? page, int? pageSize, bool? includeInactive, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? Paging.DefaultSize);
        if (Paging.Validate(http, p, size) is { Count: > 0 } errors)
            return Problems.From(Failure.Invalid(errors));
        var found = await queries.ListMineAsync(user.Actor, p, size, includeInactive ?? false, ct);
        return ApiResults.RespondList<TicketView>(http, found, "tickets", v => TicketDto.From(v.Ticket));
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> ForEvent(
        HttpContext http, TicketQueries queries, CurrentUser user, Guid id, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? Paging.DefaultSize);
        if (Paging.Validate(http, p, size) is { Count: > 0 } errors)
            return Problems.From(Failure.Invalid(errors));
        return ApiResults.RespondList(http, await queries.ListForEventAsync(user.Actor, id, p, size, ct), "tickets", WithPayment);
    }

    /// <summary>The holder of a paid ticket also gets its admissions with their codes (what the door scans); nobody
    /// else does, not even the organizer.</summary>
    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Get(
        HttpContext http, TicketQueries queries, AdmissionCodes codes, CurrentUser user, Guid id, CancellationToken ct)
    {
        var result = await queries.GetAsync(user.Actor, id, ct);
        var response = Respond(http, "get", result);
        if (result.Value is { Ticket: var ticket } && response.Result is Ok<Envelope> ok
            && await AdmissionQr.OfHolderAsync(user.Actor, ticket, codes, ct) is { Count: > 0 } admissions)
            ok.Value!.With("admissions", admissions);
        return response;
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Cancel(HttpContext http, HoldService holds, CurrentUser user, Guid id, CancellationToken ct) =>
        Respond(http, "delete", await holds.CancelAsync(user.Actor, id, ct));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> StartCheckout(
        HttpContext http, CheckoutService checkouts, PublicAddress address, CurrentUser user, Guid id, CancellationToken ct)
    {
        // The body is optional; read by hand so a bodiless POST still reaches this endpoint.
        StartCheckoutRequest? body = null;
        if (http.Request.HasJsonContentType() && http.Request.ContentLength != 0)
        {
            try
            {
                body = await http.Request.ReadFromJsonAsync<StartCheckoutRequest>(ct);
            }
            catch (System.Text.Json.JsonException ex)
            {
                var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
                return Problems.From(Failure.Invalid([new(field, $"The request body could not be read: {ex.Message.Split(" Path:")[0]}", http, field)]));
            }
        }
        var portal = $"{address.BaseFor(http.Request)}/tickets/{id}";
        var urls = new CheckoutUrls(
            body?.SuccessUrl ?? $"{portal}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}",
            body?.CancelUrl ?? $"{portal}?checkout=cancelled");
        var errors = new List<FieldError>();
        foreach (var (name, url) in new[] { ("successUrl", urls.SuccessUrl), ("cancelUrl", urls.CancelUrl) })
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                errors.Add(new(name, $"{name} must be an absolute http(s) URL.", urls, name));
        if (errors.Count > 0)
            return Problems.From(Failure.Invalid(errors));

        return Respond(http, "update", await checkouts.StartCheckoutAsync(user.Actor, id, urls, user.Email, ct));
    }

    /// <summary>sessionId: the session the buyer came back from ({CHECKOUT_SESSION_ID} in the success URL).</summary>
    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> CompleteCheckout(
        HttpContext http, CheckoutService checkouts, CurrentUser user, Guid id, string? sessionId, CancellationToken ct) =>
        Respond(http, "update", await checkouts.CompleteCheckoutAsync(user.Actor, id, sessionId, ct));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> RefreshCheckout(
        HttpContext http, CheckoutService checkouts, CurrentUser user, Guid id, CancellationToken ct) =>
        Respond(http, "update", await checkouts.RefreshCheckoutAsync(user.Actor, id, ct));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Refund(
        HttpContext http, RefundService refunds, CurrentUser user, Guid id, CancellationToken ct) =>
        Respond(http, "update", await refunds.RefundAsync(user.Actor, id, ct));

    private static Results<Ok<Envelope>, ProblemHttpResult> Respond(HttpContext http, string action, Result<TicketView> result) =>
        result.Value is { } view
            ? TypedResults.Ok(Envelope.One(http, "ticket", action, TicketDto.From(view.Ticket))
                .With("ticketPayment", view.Payment is null ? null : TicketPaymentDto.From(view.Payment)))
            : Problems.From(result.Failure!);

    private static TicketWithPayment WithPayment(TicketView v) =>
        new(TicketDto.From(v.Ticket), v.Payment is null ? null : TicketPaymentDto.From(v.Payment));
}
