using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Data;

/// <summary>The portal's one database. Each provider has a derived context that owns its migrations
/// (<see cref="SqlitePortalDbContext"/>, <see cref="SqlServerPortalDbContext"/>, <see cref="PostgreSqlPortalDbContext"/>).</summary>
/// <remarks>Contexts are pooled (<c>AddDbContextPool</c>): setting one up cost 10-15 % of a ticket read. So a context
/// takes only its options, finds the clock and the outbox signal (singletons) among the application's services, and
/// carries no state from one request to the next: what it keeps between calls (<see cref="RouteCommits"/>, events
/// awaiting a commit) is reset by the route or the transaction that set it.</remarks>
public abstract partial class PortalDbContext(DbContextOptions options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    private readonly TimeProvider _clock = ApplicationService<TimeProvider>(options) ?? TimeProvider.System;
    private readonly OutboxSignal _outbox = ApplicationService<OutboxSignal>(options) ?? new OutboxSignal(Publications.None);

    // Contexts made by hand (tests, design time, the benchmark's counts) have no application services.
    private static T? ApplicationService<T>(DbContextOptions options) where T : class =>
        options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(T)) as T;

    public DbSet<Event> Events => Set<Event>();
    public DbSet<PriceTier> PriceTiers => Set<PriceTier>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketPayment> TicketPayments => Set<TicketPayment>();
    public DbSet<PaymentCustomer> PaymentCustomers => Set<PaymentCustomer>();
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();
    public DbSet<ProcessedWebhook> ProcessedWebhooks => Set<ProcessedWebhook>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxLease> OutboxLeases => Set<OutboxLease>();
    public DbSet<Operations.OperationTicket> OperationTickets => Set<Operations.OperationTicket>();
    public DbSet<Seats.Seat> Seats => Set<Seats.Seat>();
    public DbSet<Seats.TicketSeat> TicketSeats => Set<Seats.TicketSeat>();
    public DbSet<Applications.ApiApplication> ApiApplications => Set<Applications.ApiApplication>();
    public DbSet<ServiceRequests.ServiceRequest> ServiceRequests => Set<ServiceRequests.ServiceRequest>();
    public DbSet<ServiceRequests.Workflow> Workflows => Set<ServiceRequests.Workflow>();
    public DbSet<CheckIns.CheckIn> CheckIns => Set<CheckIns.CheckIn>();
    public DbSet<CheckIns.DoorStaffMember> DoorStaff => Set<CheckIns.DoorStaffMember>();
    public DbSet<Mail.MailMessage> MailMessages => Set<Mail.MailMessage>();
    public DbSet<CheckIns.SigningKey> SigningKeys => Set<CheckIns.SigningKey>();
    /// <summary>ASP.NET Core's data-protection key ring (cookies, bearer tokens, antiforgery): kept in the
    /// database so a restart, or another instance, still reads what this one protected.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>Stamps the rows, writes their events to the outbox in the same transaction, and hands them on
    /// (<see cref="OutboxSignal.Committed"/>) once they are committed: at the end of this save, or at the commit of
    /// the transaction it is part of (<see cref="OutboxCommitInterceptor"/>, also for the transaction EF opens for
    /// a save of several statements). A failed save takes its events back out of the change tracker.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Changes are detected twice here, around the stamps, rather than at each of the dozen looks at the tracker
        // below (each would detect again, and a hold saves twice in its group's serial part); the save itself
        // detects once more. What runs in between only reads the tracker and adds new rows.
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect)
            ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        List<OutboxMessage> messages, events;
        List<EntityEntry<OutboxMessage>> eventEntries;
        IReadOnlyList<Mail.MailMessage> mail;
        bool mailQueued;
        try
        {
            Stamp();
            if (detect)
                ChangeTracker.DetectChanges();
            var now = _clock.GetUtcNow().UtcDateTime;
            messages = await OutboxCapture.CaptureAsync(this, _outbox.Publications, now, cancellationToken);
            OutboxMessages.AddRange(messages);
            mail = Mail.MailCapture.Capture(this, now);
            MailMessages.AddRange(mail);
            // Captured here, or queued by hand (account messages).
            mailQueued = ChangeTracker.Entries<Mail.MailMessage>().Any(e => e.State == EntityState.Added);
            // Captured here, or added by hand.
            eventEntries = ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).ToList();
            events = eventEntries.Select(e => e.Entity).ToList();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        // Events wait for a commit only while a transaction is open; any left over belong to one disposed unfinished.
        if (Database.CurrentTransaction is null)
        {
            uncommitted.Clear();
            mailUncommitted = false;
        }
        // Before the save: a transaction EF opens for it commits inside it and hands them on there, in commit order.
        uncommitted.AddRange(events);
        // In a group's transaction on SQLite the events are written apart from the rows, all of the group's at once just
        // before its commit (WriteGroupEventsAsync): through EF they were two more commands of a hold's save, each
        // reading its Position back, in the group's serial part, and then one INSERT each. Only in a group: an INSERT
        // failing there fails the group before its commit, and each of its writers runs again alone, where EF's own
        // savepoint would keep the rows. Not on a server database: EF sends rows and events in one round trip there.
        var appended = GroupCommits && Database.IsSqlite() ? eventEntries : [];
        foreach (var entry in appended)
            entry.State = EntityState.Detached;
        saving = true;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            unwritten.AddRange(appended.Select(e => e.Entity));
            saved += appended.Count;
            if (Database.CurrentTransaction is null && HasUncommittedEvents)
                _outbox.Committed(TakeUncommittedEvents()); // a single statement: committed as it ran
            if (mailQueued)
            {
                // Rung when the rows are visible: now, or at the commit of the transaction this save is part of.
                if (Database.CurrentTransaction is null)
                    _outbox.MailQueued();
                else
                    mailUncommitted = true;
            }
            return saved;
        }
        catch
        {
            uncommitted.RemoveAll(events.Contains);
            unwritten.RemoveAll(events.Contains);
            foreach (var captured in messages.Cast<object>().Concat(mail))
                Entry(captured).State = EntityState.Detached;
            // Events added by hand wait to be saved again, as a failed save through EF leaves them.
            foreach (var entry in appended.Where(e => !messages.Contains(e.Entity)))
                entry.State = EntityState.Added;
            throw;
        }
        finally
        {
            saving = false;
        }
    }

    private readonly List<OutboxMessage> uncommitted = [];
    // Of those, the ones a group on SQLite has yet to INSERT: written together just before its commit, and dropped when
    // the group ends (see GroupCommits).
    private readonly List<OutboxMessage> unwritten = [];
    private bool saving, mailUncommitted;

    /// <summary>Whether mail was queued inside the transaction about to commit (or roll back); asking clears it.</summary>
    internal bool TakeUncommittedMail()
    {
        var queued = mailUncommitted;
        mailUncommitted = false;
        return queued;
    }

    /// <summary>A transaction begins: unless it is the one EF opens for a save, events still waiting belong to a
    /// transaction that was disposed without commit or rollback, and are dropped.</summary>
    internal void TransactionStarting()
    {
        if (!saving)
        {
            uncommitted.Clear();
            mailUncommitted = false;
        }
    }

    /// <summary>Events saved inside a transaction that has not committed yet.</summary>
    public bool HasUncommittedEvents => uncommitted.Count > 0;

    /// <summary>The events saved since the last commit, for the commit (or rollback) to hand on (or drop).</summary>
    internal List<OutboxMessage> TakeUncommittedEvents()
    {
        var taken = uncommitted.ToList();
        uncommitted.Clear();
        return taken;
    }

    /// <summary>Set while a <see cref="GroupCommit"/> owns this context's transaction: writers save inside it and
    /// leave committing (or rolling back their savepoint) to the group.</summary>
    public bool GroupCommits
    {
        get => groupCommits;
        internal set
        {
            groupCommits = value;
            groupReads.Clear();
            // Events are left unwritten only inside a group. One that failed left its transaction disposed, not rolled
            // back (no interceptor is told): nothing it saved was committed, and this context goes back to the pool.
            unwritten.Clear();
            if (!value)
            {
                uncommitted.Clear();
                mailUncommitted = false;
            }
        }
    }

    private bool groupCommits;
    private readonly Dictionary<object, object?> groupReads = [];

    /// <summary>A read every writer of a group would make alike (the title of the event a group's holds are for):
    /// in a group, read by its first writer and kept until the group ends; outside one, read each time. Only for what
    /// no writer of a group changes: a change committed elsewhere meanwhile is seen as if the read were at the group's
    /// start.</summary>
    internal async ValueTask<T> ReadOncePerGroupAsync<T>(object key, Func<Task<T>> read)
    {
        if (!GroupCommits)
            return await read();
        if (groupReads.TryGetValue(key, out var kept))
            return (T)kept!;
        var value = await read();
        groupReads[key] = value;
        return value;
    }

    /// <summary>How many events wait for the commit now: a mark to drop back to (<see cref="DropUncommittedEvents"/>).</summary>
    internal int UncommittedEventCount => uncommitted.Count;

    /// <summary>Drops the events saved since <paramref name="from"/>: their savepoint was rolled back.</summary>
    internal void DropUncommittedEvents(int from)
    {
        var dropped = uncommitted.GetRange(from, uncommitted.Count - from);
        uncommitted.RemoveRange(from, dropped.Count);
        unwritten.RemoveAll(dropped.Contains);
    }

    /// <summary>Set by a route that commits its change together with its own writes (its route event, the
    /// Idempotency-Key's outcome): the transaction the change begins at its first write is left open for the route
    /// to commit or roll back. Until then nothing is locked, so a request refused on what it read never queues
    /// for the database's write lock.</summary>
    public bool RouteCommits { get; set; }

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
