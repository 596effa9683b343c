using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Applications;

internal sealed class ApiApplicationConfiguration : IEntityTypeConfiguration<ApiApplication>
{
    public void Configure(EntityTypeBuilder<ApiApplication> a)
    {
        a.HasKey(x => x.Id);
        a.Property(x => x.Id).ValueGeneratedNever();
        a.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        a.Property(x => x.ApplicationId).HasMaxLength(ApiApplicationDraft.MaxApplicationId).IsRequired();
        a.Property(x => x.ChannelCode).HasMaxLength(ApiApplicationDraft.MaxChannelCode).IsRequired();
        a.Property(x => x.Name).HasMaxLength(ApiApplicationDraft.MaxName).IsRequired();
        a.Property(x => x.KeyHash).HasMaxLength(64).IsFixedLength().IsRequired();
        a.Property(x => x.KeyHint).HasMaxLength(4).IsRequired();
        a.Property(x => x.RecordVersion).IsConcurrencyToken();
        a.Ignore(x => x.IsRevoked);
        a.HasIndex(x => x.ApplicationId).IsUnique();
        a.HasIndex(x => x.OrganizerId);
        // An application scoped to an event ends with it; it must never widen to all the organizer's events.
        a.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        a.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.OrganizerId).OnDelete(DeleteBehavior.Restrict);
    }
}
