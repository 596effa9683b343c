using Microsoft.EntityFrameworkCore.ChangeTracking;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Payments;

/// <summary>A ticket's payments go to its holder and organizer, narrowed by the ticket and its event.</summary>
public sealed class TicketPaymentPublication : Publication<TicketPayment, TicketPaymentDto>
{
    public override string Name => "ticketPayment";
    public override IReadOnlyList<string> ScopeNames { get; } = [TicketPublication.EventScope, TicketPublication.TicketScope];

    public override TicketPaymentDto ToDto(TicketPayment entity) => TicketPaymentDto.From(entity);

    protected override async ValueTask<Audience> AudienceAsync(TicketPaymentDto p, PortalDbContext db, CancellationToken ct) =>
        new(p.OwnerId, p.OrganizerId, ScopeSet.Of(
            (TicketPublication.EventScope, await TicketPublication.EventOfAsync(db, p.OrderId, ct)),
            (TicketPublication.TicketScope, p.OrderId)));
}

/// <summary>A buyer's Stripe customer record for one organizer: to the buyer and that organizer.</summary>
public sealed class PaymentCustomerPublication : Publication<PaymentCustomer, PaymentCustomerDto>
{
    public override string Name => "paymentCustomer";
    public override IReadOnlyList<string> ScopeNames { get; } = [];

    public override PaymentCustomerDto ToDto(PaymentCustomer entity) => PaymentCustomerDto.From(entity);

    protected override ValueTask<Audience> AudienceAsync(PaymentCustomerDto c, PortalDbContext db, CancellationToken ct) =>
        ValueTask.FromResult(new Audience(c.UserId, c.OrganizerId, ScopeSet.Empty));
}

/// <summary>A saved card (brand, last4, expiry; never the number): to its holder and the organizer it paid.</summary>
public sealed class PaymentMethodPublication : Publication<PaymentMethod, PaymentMethodDto>
{
    public override string Name => "paymentMethod";
    public override IReadOnlyList<string> ScopeNames { get; } = [];

    public override PaymentMethodDto ToDto(PaymentMethod entity) => PaymentMethodDto.From(entity);

    protected override ValueTask<Audience> AudienceAsync(PaymentMethodDto m, PortalDbContext db, CancellationToken ct) =>
        ValueTask.FromResult(new Audience(m.UserId, m.OrganizerId, ScopeSet.Empty));

    protected override PaymentMethod Original(EntityEntry entry)
    {
        var original = base.Original(entry);
        original.CardInfo = ((PaymentMethod)entry.Entity).CardInfo; // owned; a card's details do not change
        return original;
    }
}
