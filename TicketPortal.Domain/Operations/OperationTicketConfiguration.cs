using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TicketPortal.Domain.Operations;

internal sealed class OperationTicketConfiguration : IEntityTypeConfiguration<OperationTicket>
{
    public void Configure(EntityTypeBuilder<OperationTicket> o)
    {
        o.HasKey(x => x.Id);
        o.Property(x => x.Id).ValueGeneratedNever();
        o.Property(x => x.Operation).HasMaxLength(64).IsRequired();
        o.Property(x => x.Initiator).HasMaxLength(450);
        o.Property(x => x.CorrelationId).HasMaxLength(64).IsRequired();
        o.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        o.Property(x => x.ErrorMessage).HasMaxLength(1000);
        o.Property(x => x.AdditionalQueryParameter).HasMaxLength(1000);
        o.Property(x => x.OutputFileName).HasMaxLength(200);
        // The ids of the objects worked on, as one JSON array (bulk operations name thousands).
        o.Property(x => x.ObjectIds).HasConversion(
                ids => JsonSerializer.Serialize(ids, (JsonSerializerOptions?)null),
                json => JsonSerializer.Deserialize<List<Guid>>(json, (JsonSerializerOptions?)null) ?? new List<Guid>(),
                new ValueComparer<List<Guid>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, g) => HashCode.Combine(h, g)), l => l.ToList()))
            .IsRequired();
        o.Property(x => x.RecordVersion).IsConcurrencyToken();
        o.HasIndex(x => new { x.Initiator, x.Started });
        o.HasIndex(x => x.Status);
    }
}
