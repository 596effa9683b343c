using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Payments;

internal sealed class TicketPaymentConfiguration : IEntityTypeConfiguration<TicketPayment>
{
    public const int AttentionMaxLength = 500;

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
        p.Property(x => x.Attention).HasMaxLength(AttentionMaxLength);
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
        m.Property(x => x.CardHolderName).HasMaxLength(PaymentMethod.MaxHolderName);
        m.Property(x => x.CardHolderZip).HasMaxLength(PaymentMethod.MaxHolderZip);
        m.Property(x => x.Platform).HasMaxLength(32).IsRequired();
        m.Property(x => x.RecordVersion).IsConcurrencyToken();
        m.OwnsOne(x => x.CardInfo, card =>
        {
            card.Property(x => x.Brand).HasMaxLength(PaymentMethod.MaxBrand).HasColumnName("CardBrand");
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
