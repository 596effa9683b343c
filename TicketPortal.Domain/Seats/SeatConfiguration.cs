using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Seats;

internal sealed class SeatConfiguration : IEntityTypeConfiguration<Seat>
{
    public void Configure(EntityTypeBuilder<Seat> s)
    {
        s.HasKey(x => x.Id);
        s.Property(x => x.Id).ValueGeneratedNever();
        s.Property(x => x.Section).HasMaxLength(SeatMapDraft.MaxSectionName).IsRequired();
        s.Property(x => x.Row).HasMaxLength(8).IsRequired();
        s.Property(x => x.Token).HasMaxLength(64).IsRequired();
        s.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        s.Property(x => x.RecordVersion).IsConcurrencyToken();
        s.Ignore(x => x.Label);
        s.Ignore(x => x.CanBeTaken);
        s.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        s.HasIndex(x => x.Token).IsUnique();
        s.HasIndex(x => new { x.EventId, x.Section, x.Row, x.Number }).IsUnique();
        s.HasIndex(x => new { x.EventId, x.SortOrder });
        s.HasIndex(x => x.TicketId);
    }
}

internal sealed class TicketSeatConfiguration : IEntityTypeConfiguration<TicketSeat>
{
    public void Configure(EntityTypeBuilder<TicketSeat> t)
    {
        t.HasKey(x => new { x.TicketId, x.SeatId });
        t.Property(x => x.Label).HasMaxLength(120).IsRequired();
        t.HasOne<Seat>().WithMany().HasForeignKey(x => x.SeatId).OnDelete(DeleteBehavior.Restrict);
        t.HasIndex(x => x.SeatId);
    }
}
