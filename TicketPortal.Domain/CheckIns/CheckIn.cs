using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.CheckIns;

/// <summary>One admission let in: at most one per (ticket, admission number), which the database enforces, so of two
/// racing scans of one code exactly one is saved.</summary>
public sealed class CheckIn : ITimestamped
{
    private CheckIn() { }

    public static CheckIn Of(Ticket ticket, int number, string? seat, DoorScanner scanner, string device, DateTime now) => new()
    {
        TicketId = ticket.Id,
        Number = number,
        EventId = ticket.EventId,
        OrganizerId = ticket.OrganizerId,
        HolderUserId = ticket.UserId,
        TierName = ticket.TierName,
        Seat = seat,
        ScannedByUserId = scanner.UserId,
        ScannedByApplicationId = scanner.Application?.Id,
        Device = device,
        // Whole microseconds, what every provider stores: the time the first scan answers is the time a repeat quotes.
        CheckedInAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc),
    };

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid TicketId { get; private set; }
    public int Number { get; private set; }
    public Guid EventId { get; private set; }
    public string OrganizerId { get; private set; } = "";
    public string HolderUserId { get; private set; } = "";
    public string TierName { get; private set; } = "";
    public string? Seat { get; private set; }
    public string ScannedByUserId { get; private set; } = "";
    /// <summary>The API application that scanned, when a device did (its organizer is <see cref="ScannedByUserId"/>).</summary>
    public Guid? ScannedByApplicationId { get; private set; }
    /// <summary>The scanner as the door named it ("North door", "phone 2"), so a repeat says where the first scan was.</summary>
    public string Device { get; private set; } = "";
    public DateTime CheckedInAt { get; private set; }
    public bool IsActive { get; private set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }
}

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> c)
    {
        c.HasKey(x => x.Id);
        c.Property(x => x.Id).ValueGeneratedNever();
        c.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        c.Property(x => x.HolderUserId).HasMaxLength(450).IsRequired();
        c.Property(x => x.ScannedByUserId).HasMaxLength(450).IsRequired();
        c.Property(x => x.TierName).HasMaxLength(120).IsRequired();
        c.Property(x => x.Seat).HasMaxLength(120);
        c.Property(x => x.Device).HasMaxLength(CheckInService.DeviceMaxLength).IsRequired();
        c.Property(x => x.RecordVersion).IsConcurrencyToken();
        c.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        c.HasIndex(x => new { x.TicketId, x.Number }).IsUnique();
        c.HasIndex(x => new { x.EventId, x.CheckedInAt });
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> k)
    {
        k.HasKey(x => x.Name);
        k.Property(x => x.Name).HasMaxLength(64);
        k.Property(x => x.ProtectedValue).HasMaxLength(2000).IsRequired();
    }
}
