using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace TicketPortal.Domain.Realtime;

/// <summary>The outbox's settings and its doorbell: a save (or commit) that wrote events rings it so the
/// dispatcher wakes at once instead of at its next poll.</summary>
public sealed class OutboxSignal(Publications publications) : IDisposable
{
    private readonly SemaphoreSlim bell = new(0, 1);

    public Publications Publications { get; } = publications;
    public Topics Topics => Publications.Topics;

    public void Notify()
    {
        try
        {
            if (bell.CurrentCount == 0)
                bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // Rung already: one wake-up reads everything that is waiting.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => bell.WaitAsync(timeout, ct);

    public void Dispose() => bell.Dispose();
}

/// <summary>Rings the bell on the commit of a transaction that saved events: they become visible only then.</summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is Data.PortalDbContext { HasUncommittedEvents: true } db)
        {
            db.HasUncommittedEvents = false;
            signal.Notify();
        }
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is Data.PortalDbContext db)
            db.HasUncommittedEvents = false;
    }
}
