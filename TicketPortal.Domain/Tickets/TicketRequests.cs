using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Tickets;

/// <summary>A buyer's request for places: the event, the tier (optional when the event has one) and how many; or, on
/// a seated event, the seats picked (their tier is the seats' own, the quantity their count).</summary>
public sealed record CreateTicketRequest(Guid? EventId, Guid? PriceTierId, int? Quantity, IReadOnlyList<Guid>? SeatIds = null)
{
    public int? Places => SeatIds is { Count: > 0 } ? SeatIds.Count : Quantity;

    public IReadOnlyList<FieldError> Validate(int maxQuantity)
    {
        var errors = new List<FieldError>();
        if (EventId is null || EventId == Guid.Empty)
            errors.Add(new("eventId", "eventId is required.", this, nameof(EventId)));
        if (SeatIds is { Count: > 0 } seats)
        {
            if (seats.Count > maxQuantity)
                errors.Add(new("seatIds", $"At most {maxQuantity} seats can be picked at once.", this, nameof(SeatIds)));
            else if (seats.Distinct().Count() != seats.Count)
                errors.Add(new("seatIds", "seatIds names a seat twice.", this, nameof(SeatIds)));
            if (Quantity is { } q && q != seats.Count)
                errors.Add(new("quantity", "quantity must match the number of seatIds (or be left out).", this, nameof(Quantity)));
        }
        else if (Quantity is null)
            errors.Add(new("quantity", "quantity is required.", this, nameof(Quantity)));
        else if (Quantity < 1 || Quantity > maxQuantity)
            errors.Add(new("quantity", $"quantity must be between 1 and {maxQuantity}.", this, nameof(Quantity)));
        return errors;
    }
}

/// <summary>Where Stripe sends the buyer back; {CHECKOUT_SESSION_ID} is filled in by Stripe.</summary>
public sealed record CheckoutUrls(string SuccessUrl, string CancelUrl);

/// <summary>A ticket with its current payment, as pages and the API show it.</summary>
public sealed record TicketView(Ticket Ticket, Payments.TicketPayment? Payment);

public sealed record SalesSummary(string Title, int Capacity, int Sold, int Held, int CheckoutsInProgress, decimal Revenue, string Currency, IReadOnlyList<Sale> Sales);

public sealed record Sale(DateTime At, int Quantity);
