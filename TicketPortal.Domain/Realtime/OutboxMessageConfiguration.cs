using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TicketPortal.Domain.Realtime;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> m)
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
        // Followers read forward from their last number; two dispatchers can never give out one number twice.
        m.HasIndex(x => x.DispatchSequence).IsUnique();
        // The Kafka relay's next batch: dispatched, not yet relayed.
        m.HasIndex(x => new { x.RelayedAt, x.DispatchSequence });
        m.Property(x => x.RelayError).HasMaxLength(500);
    }
}
