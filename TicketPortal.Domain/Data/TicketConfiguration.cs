using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Data;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> t)
    {
        t.HasKey(x => x.Id);
        t.Property(x => x.Id).ValueGeneratedNever();
        t.Property(x => x.Owner).HasMaxLength(450).IsRequired();
        t.Property(x => x.UserId).HasMaxLength(450).IsRequired();
        t.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        t.Property(x => x.TierName).HasMaxLength(100).IsRequired();
        t.Property(x => x.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
        t.Property(x => x.UnitPrice).HasPrecision(18, 2);
        t.Property(x => x.Price).HasPrecision(18, 2);
        t.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        t.Property(x => x.StatusReason).HasMaxLength(400);
        t.Property(x => x.RecordVersion).IsConcurrencyToken();
        t.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        t.HasIndex(x => new { x.UserId, x.CreatedAt });
        t.HasIndex(x => new { x.EventId, x.Status });
        t.HasIndex(x => new { x.Status, x.HoldExpiresAt });
        t.ToTable(x => x.HasCheckConstraint("CK_Tickets_Quantity", "\"Quantity\" >= 1"));
    }
}

internal sealed class TicketPaymentConfiguration : IEntityTypeConfiguration<TicketPayment>
{
    public void Configure(EntityTypeBuilder<TicketPayment> p)
    {
        p.HasKey(x => x.Id);
        p.Property(x => x.Id).ValueGeneratedNever();
        p.Property(x => x.Owner).HasMaxLength(450).IsRequired();
        p.Property(x => x.OwnerId).HasMaxLength(450).IsRequired();
        p.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        p.Property(x => x.PaymentId).HasMaxLength(255).IsRequired();
        p.Property(x => x.PaymentStatus).HasMaxLength(32).IsRequired();
        p.Property(x => x.StatusLiteral).HasMaxLength(32).IsRequired();
        p.Property(x => x.RedirectUrl).HasMaxLength(2048);
        p.Property(x => x.PaymentIntentId).HasMaxLength(255);
        p.Property(x => x.RefundId).HasMaxLength(255);
        p.Property(x => x.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
        p.Property(x => x.Amount).HasPrecision(18, 2);
        p.Property(x => x.RecordVersion).IsConcurrencyToken();
        // One record per provider session: two racing "start checkout" calls cannot both store one.
        p.HasIndex(x => x.PaymentId).IsUnique();
        p.HasIndex(x => x.OrderId);
        p.HasIndex(x => new { x.PaymentStatus, x.IsActive });
        p.HasOne<Ticket>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentCustomerConfiguration : IEntityTypeConfiguration<PaymentCustomer>
{
    public void Configure(EntityTypeBuilder<PaymentCustomer> c)
    {
        c.HasKey(x => x.Id);
        c.Property(x => x.Id).ValueGeneratedNever();
        c.Property(x => x.Owner).HasMaxLength(450).IsRequired();
        c.Property(x => x.UserId).HasMaxLength(450).IsRequired();
        c.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        c.Property(x => x.CustomerId).HasMaxLength(255).IsRequired();
        c.Property(x => x.Platform).HasMaxLength(32).IsRequired();
        c.Property(x => x.RecordVersion).IsConcurrencyToken();
        c.HasIndex(x => new { x.UserId, x.OrganizerId }).IsUnique();
    }
}

internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
{
    public void Configure(EntityTypeBuilder<PaymentMethod> m)
    {
        m.HasKey(x => x.Id);
        m.Property(x => x.Id).ValueGeneratedNever();
        m.Property(x => x.Owner).HasMaxLength(450).IsRequired();
        m.Property(x => x.UserId).HasMaxLength(450).IsRequired();
        m.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        m.Property(x => x.PaymentMethodId).HasMaxLength(255).IsRequired();
        m.Property(x => x.CustomerId).HasMaxLength(255).IsRequired();
        m.Property(x => x.CardHolderName).HasMaxLength(200);
        m.Property(x => x.CardHolderZip).HasMaxLength(20);
        m.Property(x => x.Platform).HasMaxLength(32).IsRequired();
        m.Property(x => x.RecordVersion).IsConcurrencyToken();
        m.OwnsOne(x => x.CardInfo, card =>
        {
            card.Property(x => x.Brand).HasMaxLength(32).HasColumnName("CardBrand");
            card.Property(x => x.Last4).HasMaxLength(4).HasColumnName("CardLast4");
            card.Property(x => x.ExpMonth).HasColumnName("CardExpMonth");
            card.Property(x => x.ExpYear).HasColumnName("CardExpYear");
        });
        m.Navigation(x => x.CardInfo).IsRequired();
        m.HasIndex(x => x.PaymentMethodId).IsUnique();
        m.HasIndex(x => x.UserId);
    }
}

internal sealed class ProcessedWebhookConfiguration : IEntityTypeConfiguration<ProcessedWebhook>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhook> w)
    {
        w.HasKey(x => x.Id);
        w.Property(x => x.Id).HasMaxLength(255);
        w.Property(x => x.Type).HasMaxLength(100);
        w.HasIndex(x => x.ProcessedAt);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<Common.IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<Common.IdempotencyRecord> r)
    {
        r.HasKey(x => x.Id);
        r.Property(x => x.Id).HasMaxLength(64);
        r.Property(x => x.RequestHash).HasMaxLength(64).IsRequired();
        r.Property(x => x.ContentType).HasMaxLength(100);
        r.Property(x => x.Location).HasMaxLength(2048);
        r.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<Realtime.OutboxMessage>
{
    public void Configure(EntityTypeBuilder<Realtime.OutboxMessage> m)
    {
        m.HasKey(x => x.Position);
        m.Property(x => x.Position).ValueGeneratedOnAdd();
        m.HasIndex(x => x.Id).IsUnique();
        m.Property(x => x.Topic).HasMaxLength(200).IsRequired();
        m.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        m.Property(x => x.UserId).HasMaxLength(450);
        m.Property(x => x.OrganizerId).HasMaxLength(450);
        m.Property(x => x.ScopeKey).HasMaxLength(400).IsRequired();
        m.Ignore(x => x.Scopes);
        // Undelivered events are found by this index after a restart.
        m.HasIndex(x => new { x.DispatchedAt, x.Position });
    }
}
