using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TicketPortal.Domain.Events;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> e)
    {
        // Ids are made in code, so EF must treat an entity with an id as new, not as an existing row.
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        e.Property(x => x.Title).HasMaxLength(EventDraftValidator.MaxTitle).IsRequired();
        e.Property(x => x.Venue).HasMaxLength(EventDraftValidator.MaxVenue).IsRequired();
        e.Property(x => x.Description).HasMaxLength(EventDraftValidator.MaxDescription);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.RecordVersion).IsConcurrencyToken();
        e.Ignore(x => x.Remaining);
        e.Ignore(x => x.Currency);
        e.HasMany(x => x.Tiers).WithOne().HasForeignKey(t => t.EventId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(x => x.Tiers).AutoInclude(false);
        e.HasIndex(x => new { x.Status, x.StartDate });
        e.HasIndex(x => x.OrganizerId);
        e.HasOne<TicketPortal.Domain.Accounts.PortalUser>().WithMany().HasForeignKey(x => x.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        // Capacity is enforced by the conditional UPDATE of Reserved; this check is the database's backstop.
        e.ToTable(t => t.HasCheckConstraint("CK_Events_Reserved", "\"Reserved\" >= 0 AND \"Reserved\" <= \"Capacity\""));
    }
}

internal sealed class PriceTierConfiguration : IEntityTypeConfiguration<PriceTier>
{
    public void Configure(EntityTypeBuilder<PriceTier> t)
    {
        t.HasKey(x => x.Id);
        t.Property(x => x.Id).ValueGeneratedNever();
        t.Property(x => x.Name).HasMaxLength(100).IsRequired();
        t.Property(x => x.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
        t.Property(x => x.Price).HasPrecision(18, 2);
    }
}
