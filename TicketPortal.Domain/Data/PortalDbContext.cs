using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Data;

/// <summary>The portal's one database. Each provider has a derived context that owns its migrations
/// (<see cref="SqlitePortalDbContext"/>, <see cref="SqlServerPortalDbContext"/>).</summary>
public abstract class PortalDbContext(DbContextOptions options, TimeProvider? clock = null)
    : IdentityDbContext<PortalUser>(options)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public DbSet<Event> Events => Set<Event>();
    public DbSet<PriceTier> PriceTiers => Set<PriceTier>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketPayment> TicketPayments => Set<TicketPayment>();
    public DbSet<PaymentCustomer> PaymentCustomers => Set<PaymentCustomer>();
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();
    public DbSet<ProcessedWebhook> ProcessedWebhooks => Set<ProcessedWebhook>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>createdAt, updatedAt and recordVersion are maintained here and nowhere else.</summary>
    private void Stamp()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        // A changed price tier is a change of its event: the event's version moves too.
        var eventsWithChangedTiers = ChangeTracker.Entries<PriceTier>()
            .Where(t => t.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(t => t.Entity.EventId)
            .ToHashSet();

        foreach (var entry in ChangeTracker.Entries<ITimestamped>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = now;
                entry.Entity.UpdatedAt = now;
                entry.Entity.RecordVersion = 1;
            }
            else if (entry.State == EntityState.Modified
                     || (entry.State == EntityState.Unchanged && entry.Entity is Event e && eventsWithChangedTiers.Contains(e.Id)))
            {
                entry.Entity.UpdatedAt = now;
                entry.Entity.RecordVersion++;
            }
        }
    }
}
