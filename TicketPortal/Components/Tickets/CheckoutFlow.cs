using TicketPortal.Domain.Common;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Components.Tickets;

/// <summary>The portal's side of checkout: Stripe returns the buyer to the ticket page, which completes it.</summary>
public static class CheckoutFlow
{
    public static async Task<Result<TicketView>> StartAsync(IServiceScopeFactory scopes, Actor actor, Guid ticketId, string baseUri, string? email)
    {
        var page = $"{baseUri.TrimEnd('/')}/tickets/{ticketId}";
        var urls = new CheckoutUrls($"{page}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}", $"{page}?checkout=cancelled");
        try
        {
            return await scopes.RunAsync<TicketService, Result<TicketView>>(s => s.StartCheckoutAsync(actor, ticketId, urls, email));
        }
        catch (PaymentGatewayException ex)
        {
            return Failure.Conflict(ex.Message);
        }
    }
}
