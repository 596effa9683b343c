using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TicketPortal.Domain.Common;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> r)
    {
        r.HasKey(x => x.Id);
        r.Property(x => x.Id).HasMaxLength(64);
        r.Property(x => x.RequestHash).HasMaxLength(64).IsRequired();
        r.Property(x => x.ContentType).HasMaxLength(100);
        r.Property(x => x.Location).HasMaxLength(2048);
        r.HasIndex(x => x.CreatedAt);
    }
}
