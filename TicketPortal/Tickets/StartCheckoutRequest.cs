namespace TicketPortal.Tickets;

/// <summary>Where an API buyer wants Stripe to send them back; both default to the portal's ticket page.</summary>
public sealed record StartCheckoutRequest(string? SuccessUrl = null, string? CancelUrl = null);
