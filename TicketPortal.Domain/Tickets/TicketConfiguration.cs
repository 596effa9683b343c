using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Tickets;

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
        t.HasMany(x => x.Seats).WithOne().HasForeignKey(s => s.TicketId).OnDelete(DeleteBehavior.Cascade);
        // Small and always wanted (the ticket names its seats), so every ticket query brings them.
        t.Navigation(x => x.Seats).AutoInclude();
        t.HasIndex(x => new { x.UserId, x.CreatedAt });
        t.HasIndex(x => new { x.EventId, x.Status });
        t.HasIndex(x => new { x.Status, x.HoldExpiresAt });
        // A buyer's places on one event: the per-buyer limit, counted inside the write lock at every hold, and the
        // hold line's count. Without it SQLite walks all of the buyer's tickets, of every event. With the status and
        // the quantity in it the count is answered from the index, without reading each ticket's row (PostgreSQL still
        // checks rows on pages changed since their last vacuum).
        t.HasIndex(x => new { x.EventId, x.UserId, x.Status, x.Quantity });
        t.ToTable(x => x.HasCheckConstraint("CK_Tickets_Quantity", "\"Quantity\" >= 1"));
    }
}
