using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.ServiceRequests;

internal sealed class ServiceRequestConfiguration : IEntityTypeConfiguration<ServiceRequest>
{
    public void Configure(EntityTypeBuilder<ServiceRequest> r)
    {
        r.HasKey(x => x.Id);
        r.Property(x => x.Id).ValueGeneratedNever();
        r.Property(x => x.Shortname).HasMaxLength(64).IsRequired();
        r.Property(x => x.Subpath).HasMaxLength(200).IsRequired();
        r.Property(x => x.WorkflowShortname).HasMaxLength(64).IsRequired();
        r.Property(x => x.State).HasMaxLength(64).IsRequired();
        r.Property(x => x.ReporterUserId).HasMaxLength(450).IsRequired();
        r.Property(x => x.ReporterType).HasMaxLength(64);
        r.Property(x => x.ReporterName).HasMaxLength(200);
        r.Property(x => x.ReporterChannel).HasMaxLength(64);
        r.Property(x => x.ReporterContact).HasMaxLength(200);
        r.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        r.Property(x => x.AssigneeId).HasMaxLength(450);
        r.Property(x => x.AssigneeName).HasMaxLength(200);
        r.Property(x => x.ResolutionReason).HasMaxLength(2000);
        r.Property(x => x.RecordVersion).IsConcurrencyToken();
        r.Ignore(x => x.Workflow);
        r.Ignore(x => x.Reporter);
        r.Ignore(x => x.CollaboratorMap);
        r.Ignore(x => x.TagList);
        r.HasMany(x => x.History).WithOne().HasForeignKey(h => h.RequestId).OnDelete(DeleteBehavior.Cascade);
        r.Navigation(x => x.History).AutoInclude();
        r.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        r.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.ReporterUserId).OnDelete(DeleteBehavior.Restrict);
        r.HasIndex(x => new { x.OrganizerId, x.IsOpen, x.CreatedAt });
        r.HasIndex(x => new { x.ReporterUserId, x.CreatedAt });
        r.HasIndex(x => x.TicketId);
        r.HasIndex(x => x.EventId);
        r.HasIndex(x => x.AssigneeId);
    }
}

internal sealed class ServiceRequestTransitionConfiguration : IEntityTypeConfiguration<ServiceRequestTransition>
{
    public void Configure(EntityTypeBuilder<ServiceRequestTransition> t)
    {
        t.HasKey(x => x.Id);
        t.Property(x => x.Id).ValueGeneratedNever();
        t.Property(x => x.Action).HasMaxLength(64).IsRequired();
        t.Property(x => x.From).HasMaxLength(64);
        t.Property(x => x.To).HasMaxLength(64).IsRequired();
        t.Property(x => x.ActorId).HasMaxLength(450).IsRequired();
        t.Property(x => x.ActorName).HasMaxLength(200).IsRequired();
        t.Property(x => x.Comment).HasMaxLength(2000);
        t.HasIndex(x => new { x.RequestId, x.At });
    }
}

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> w)
    {
        w.HasKey(x => x.Id);
        w.Property(x => x.Id).ValueGeneratedNever();
        w.Property(x => x.OrganizerId).HasMaxLength(450).IsRequired();
        w.Property(x => x.Shortname).HasMaxLength(64).IsRequired();
        w.Property(x => x.Name).HasMaxLength(200).IsRequired();
        w.Property(x => x.RecordVersion).IsConcurrencyToken();
        w.Ignore(x => x.Parsed);
        w.HasIndex(x => new { x.OrganizerId, x.Shortname }).IsUnique();
        w.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.OrganizerId).OnDelete(DeleteBehavior.Restrict);
    }
}
