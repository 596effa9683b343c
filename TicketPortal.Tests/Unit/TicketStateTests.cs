using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Tests.Unit;

public sealed class TicketStateTests
{
    private static readonly DateTime Now = new(2027, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(10);

    private static Ticket NewTicket(int quantity = 2)
    {
        var e = Event.Create("org-1", new EventDraft
        {
            Title = "Show", Venue = "Hall", StartDate = Now.AddDays(7), Minutes = 60, Capacity = 10,
            Tiers = [new PriceTierDraft { Name = "Seat", Price = 12.5m, Currency = "EUR" }],
        });
        return Ticket.Reserve(e, e.Tiers[0], "user-1", quantity, Now, Hold);
    }

    [Fact]
    public void Reserve_HoldsForTheConfiguredTime_AndPricesTheQuantity()
    {
        var t = NewTicket(quantity: 3);
        Assert.Equal(TicketStatus.Reserved, t.Status);
        Assert.Equal(Now + Hold, t.HoldExpiresAt);
        Assert.Equal(37.5m, t.Price);
        Assert.Equal("user-1", t.Owner);
        Assert.Equal("org-1", t.OrganizerId);
        Assert.True(t.Status.TakesInventory());
    }

    [Fact]
    public void StartCheckout_WithinTheHold_MovesToCheckoutStarted_AndIsRepeatable()
    {
        var t = NewTicket();
        Assert.Null(t.StartCheckout(Now.AddMinutes(1)));
        Assert.Equal(TicketStatus.CheckoutStarted, t.Status);
        Assert.Null(t.StartCheckout(Now.AddMinutes(2)));
        Assert.Equal(TicketStatus.CheckoutStarted, t.Status);
    }

    [Fact]
    public void StartCheckout_AfterTheHold_IsAConflict()
    {
        var t = NewTicket();
        Assert.Equal(FailureKind.Conflict, t.StartCheckout(Now + Hold)?.Kind);
        Assert.Equal(TicketStatus.Reserved, t.Status);
    }

    [Fact]
    public void HoldTimer_IsNotResetByStartingCheckout()
    {
        var t = NewTicket();
        t.StartCheckout(Now.AddMinutes(9));
        Assert.Equal(Now + Hold, t.HoldExpiresAt);
    }

    [Fact]
    public void Expire_OnlyAfterTheHoldLapsed()
    {
        var t = NewTicket();
        Assert.NotNull(t.Expire(Now.AddMinutes(5)));
        Assert.Equal(TicketStatus.Reserved, t.Status);
        Assert.Null(t.Expire(Now + Hold));
        Assert.Equal(TicketStatus.Expired, t.Status);
        Assert.False(t.Status.TakesInventory());
        Assert.False(t.CanTakePaymentDirectly);
    }

    [Fact]
    public void Paid_CannotBeCancelled_ButCanBeRefundedOnce()
    {
        var t = NewTicket();
        t.StartCheckout(Now);
        t.MarkPaid(Now.AddMinutes(1));
        Assert.Equal(TicketStatus.Paid, t.Status);
        Assert.Equal(Now.AddMinutes(1), t.PaidAt);
        Assert.Equal(FailureKind.Conflict, t.Cancel(Now)?.Kind);
        Assert.Null(t.Refund(Now.AddDays(1)));
        Assert.Equal(TicketStatus.Refunded, t.Status);
        Assert.Null(t.Refund(Now.AddDays(2)));
    }

    [Fact]
    public void Refund_OfAnUnpaidTicket_IsAConflict()
    {
        var t = NewTicket();
        Assert.Equal(FailureKind.Conflict, t.Refund(Now)?.Kind);
    }

    [Fact]
    public void Cancel_Unpaid_SoftDeletes_AndReleases()
    {
        var t = NewTicket();
        Assert.Null(t.Cancel(Now));
        Assert.Equal(TicketStatus.Cancelled, t.Status);
        Assert.False(t.IsActive);
        Assert.False(t.Status.TakesInventory());
        Assert.Equal(FailureKind.Conflict, t.Cancel(Now)?.Kind);
    }

    [Fact]
    public void Cancel_Expired_OnlyHidesIt()
    {
        var t = NewTicket();
        t.Expire(Now + Hold);
        Assert.Null(t.Cancel(Now + Hold));
        Assert.Equal(TicketStatus.Cancelled, t.Status);
        Assert.False(t.IsActive);
    }

    [Fact]
    public void ExpireNow_ClosesAHoldWhenTheProviderExpiredTheSession()
    {
        var t = NewTicket();
        t.StartCheckout(Now);
        t.ExpireNow(Now.AddMinutes(1), "The checkout session expired before payment.");
        Assert.Equal(TicketStatus.Expired, t.Status);
        Assert.Equal("The checkout session expired before payment.", t.StatusReason);

        var paid = NewTicket();
        paid.MarkPaid(Now);
        paid.ExpireNow(Now, "ignored");
        Assert.Equal(TicketStatus.Paid, paid.Status);
    }
}
