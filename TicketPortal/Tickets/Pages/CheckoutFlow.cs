using TicketPortal.Accounts;
using TicketPortal.Components;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Tickets.Pages;

/// <summary>The portal's side of checkout: Stripe returns the buyer to the ticket page, which completes it.</summary>
public static class CheckoutFlow
{
    public static async Task<Result<TicketView>> StartAsync(IServiceScopeFactory scopes, CurrentUser user, Guid ticketId, string baseUri)
    {
        var page = $"{baseUri.TrimEnd('/')}/tickets/{ticketId}";
        var urls = new CheckoutUrls($"{page}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}", $"{page}?checkout=cancelled");
        try
        {
            return await scopes.RunAsync<CheckoutService, Result<TicketView>>(s => s.StartCheckoutAsync(user.Actor, ticketId, urls, user.Email));
        }
        catch (PaymentGatewayException ex)
        {
            return Failure.Conflict(ex.Message);
        }
    }
}
