using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Tickets;

/// <summary>An order to join an event (seed 004's ticket): one price tier, one or more places.</summary>
public sealed class Ticket : ITimestamped
{
    private Ticket() { }

    /// <summary>Time-ordered (version 7), as every id here: on SQLite (text) and PostgreSQL (uuid) a new row's id goes at
    /// the end of its index, where the rows written just before went, instead of on a page of its own at random. An
    /// on-sale burst's group commit wrote a page per hold for each random id (the ticket's, its events') and paid for
    /// them at every COMMIT. SQL Server orders uniqueidentifier by its last bytes: there they stay scattered, as before.</summary>
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// <summary>The seed's _owner: the user who holds the ticket.</summary>
    public string Owner { get; private set; } = "";
    public Guid EventId { get; private set; }
    public string UserId { get; private set; } = "";
    public Guid PriceTierId { get; private set; }
    public string TierName { get; private set; } = "";
    public int Quantity { get; private set; }
    public decimal UnitPrice { get; private set; }
    /// <summary>Total to pay: UnitPrice × Quantity.</summary>
    public decimal Price { get; private set; }
    public string Currency { get; private set; } = "";
    public DateTime EventStartDate { get; private set; }
    public int EventMinutes { get; private set; }
    public string OrganizerId { get; private set; } = "";
    public TicketStatus Status { get; private set; }
    public DateTime StatusUpdateDate { get; private set; }
    /// <summary>Why the ticket is in its status when that is not obvious (late payment, refund, decline).</summary>
    public string? StatusReason { get; private set; }
    public DateTime HoldExpiresAt { get; private set; }
    public DateTime? PaidAt { get; private set; }
    public bool IsActive { get; private set; } = true;
    /// <summary>The seats it holds on a seated event (empty for general admission).</summary>
    public List<Seats.TicketSeat> Seats { get; private set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }

    public bool HoldLapsed(DateTime now) => Status.IsHolding() && HoldExpiresAt <= now;

    public static Ticket Reserve(Events.Event e, Events.PriceTier tier, string userId, int quantity, DateTime now, TimeSpan hold) => new()
    {
        Owner = userId,
        UserId = userId,
        EventId = e.Id,
        PriceTierId = tier.Id,
        TierName = tier.Name,
        Quantity = quantity,
        UnitPrice = tier.Price,
        Price = tier.Price * quantity,
        Currency = tier.Currency,
        EventStartDate = e.StartDate,
        EventMinutes = e.Minutes,
        OrganizerId = e.OrganizerId,
        Status = TicketStatus.Reserved,
        StatusUpdateDate = now,
        HoldExpiresAt = now + hold,
    };

    /// <summary>A ticket the organizer gives away: paid at zero from the start, counted as sold.</summary>
    public static Ticket Complimentary(Events.Event e, Events.PriceTier tier, string userId, int quantity, DateTime now)
    {
        var ticket = Reserve(e, tier, userId, quantity, now, TimeSpan.Zero);
        ticket.UnitPrice = 0;
        ticket.Price = 0;
        ticket.MarkPaid(now, "Complimentary ticket from the organizer.");
        return ticket;
    }

    public Failure? StartCheckout(DateTime now)
    {
        if (Status == TicketStatus.CheckoutStarted && !HoldLapsed(now))
            return null;
        if (Status != TicketStatus.Reserved)
            return Failure.Conflict($"A {Describe()} ticket cannot be paid.");
        if (HoldLapsed(now))
            return Failure.Conflict("The hold on this ticket has expired. Reserve again.");
        return Move(TicketStatus.CheckoutStarted, now, null);
    }

    /// <summary>Whether a successful payment can simply mark it paid; when false (expired or cancelled
    /// meanwhile) the places were given back and the caller must take them again or refund.</summary>
    public bool CanTakePaymentDirectly => Status.IsHolding();

    public void MarkPaid(DateTime now, string? reason = null)
    {
        Move(TicketStatus.Paid, now, reason);
        PaidAt = now;
        IsActive = true; // a cancelled ticket whose late payment took its places again is visible again
    }

    public void MarkRefunded(DateTime now, string reason) => Move(TicketStatus.Refunded, now, reason);

    /// <summary>The refund claimed for this ticket was refused for good: the ticket stays void (its places
    /// went back) but no longer claims a refund that did not happen.</summary>
    public void RefundRefused(DateTime now, string reason)
    {
        if (Status == TicketStatus.Refunded)
            Move(TicketStatus.Cancelled, now, reason);
    }

    public Failure? Refund(DateTime now, string reason = "Refunded by the organizer.")
    {
        if (Status == TicketStatus.Refunded)
            return null;
        if (Status != TicketStatus.Paid)
            return Failure.Conflict($"Only paid tickets can be refunded; this one is {Describe()}.");
        return Move(TicketStatus.Refunded, now, reason);
    }

    /// <summary>Cancels an unpaid ticket. An expired one may be cancelled too (it only leaves the lists):
    /// its places went back when it expired.</summary>
    public Failure? Cancel(DateTime now)
    {
        if (!Status.IsHolding() && Status != TicketStatus.Expired)
            return Failure.Conflict(Status == TicketStatus.Paid
                ? "A paid ticket cannot be cancelled; ask the organizer for a refund."
                : $"A {Describe()} ticket cannot be cancelled.");
        IsActive = false;
        return Move(TicketStatus.Cancelled, now, "Cancelled by the attendee.");
    }

    /// <summary>Soft-deletes an unpaid ticket (bulk delete): a held one is cancelled (its places go back), an
    /// expired or cancelled one only leaves the lists.</summary>
    public void Delete(DateTime now)
    {
        if (Status.IsHolding())
            Move(TicketStatus.Cancelled, now, "Deleted by a bulk operation.");
        IsActive = false;
    }

    /// <summary>Gives a paid ticket to another account (an approved transfer): the old holder no longer sees it.</summary>
    public Failure? TransferTo(string userId, DateTime now, string reason)
    {
        if (Status != TicketStatus.Paid || !IsActive)
            return Failure.Conflict($"Only paid tickets can be transferred; this one is {Describe()}.");
        if (userId == UserId)
            return Failure.Conflict("The ticket already belongs to that account.");
        UserId = userId;
        Owner = userId;
        return Move(TicketStatus.Paid, now, reason);
    }

    public Failure? Expire(DateTime now)
    {
        if (!HoldLapsed(now))
            return Failure.Conflict("The hold has not lapsed.");
        return Move(TicketStatus.Expired, now, "The hold expired before payment.");
    }

    /// <summary>The provider closed the checkout (its session expired): the hold ends now.</summary>
    public void ExpireNow(DateTime now, string reason)
    {
        if (Status.IsHolding())
            Move(TicketStatus.Expired, now, reason);
    }

    private Failure? Move(TicketStatus to, DateTime now, string? reason)
    {
        Status = to;
        StatusUpdateDate = now;
        StatusReason = reason;
        return null;
    }

    private string Describe() => Status switch
    {
        TicketStatus.CheckoutStarted => "checkout-started",
        _ => Status.ToString().ToLowerInvariant(),
    };
}
