using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TicketPortal.Domain.Data;

/// <summary>Group commit: writers that queue up meanwhile share one transaction, each inside a savepoint of its own,
/// so each is still all or nothing. A commit costs the database its log writes and a flush; an on-sale burst paid
/// that once per hold, in the database's one write lock. Here it is paid once per group, and a group is whatever
/// queued while the previous one ran: a writer alone is written at once, as before.
/// <para>A writer runs in a service scope of the group's: it resolves its services (its <see cref="PortalDbContext"/>
/// above all) from the provider it is given, saves, and leaves committing to the group
/// (<see cref="PortalDbContext.GroupCommits"/>). It says whether to keep what it wrote: if not, or if it throws, its
/// savepoint is rolled back and the others go on. Every writer is answered once its group has committed. If the
/// group's transaction itself fails (its commit, a savepoint), nothing it kept was written: each of its writers runs
/// again, in a group of its own, so one bad writer cannot fail the others.</para>
/// <para>A writer runs on the group's own flow, not its request's: it must not use its request's cancellation
/// (cancelling a command can roll back the whole transaction) nor anything that reads the ambient HTTP context.</para></summary>
public sealed partial class GroupCommit : IAsyncDisposable, IDisposable
{
    private const string Savepoint = "group_writer";
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<GroupCommit> log;
    private readonly int largest;
    private readonly TimeSpan arrivalsFirst;
    private readonly Func<bool> backlogged;
    // Synchronous continuations: a writer queueing wakes the loop's thread itself (see WritersQueued).
    private readonly Channel<Writer> queue = Channel.CreateUnbounded<Writer>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int waiting;

    /// <param name="arrivalsFirst">How long groups may wait, from a burst's start, for the requests arriving in it to
    /// go first (see <see cref="LetArrivalsGoFirst"/>); zero: never.</param>
    /// <param name="backlogged">Whether requests are arriving faster than they are served (by default: a backlog of
    /// work in the thread pool).</param>
    public GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit> log, int largestGroup = 64,
        TimeSpan arrivalsFirst = default, Func<bool>? backlogged = null)
    {
        (this.scopes, this.log, largest) = (scopes, log, Math.Max(1, largestGroup));
        (this.arrivalsFirst, this.backlogged) = (arrivalsFirst, backlogged ?? PoolBacklogged);
        // A thread of its own, woken by the writer that queues: the loop waiting in the thread pool's queue started an
        // on-sale burst's first group only once the pool had read the whole burst. Started without the ambient context
        // (trace, log scopes) of the request that happened to create this.
        new Thread(Loop) { IsBackground = true, Name = "Group commit" }.UnsafeStart();
    }

    /// <summary>Writers queued and not yet started.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>How long since the last group finished; zero while one is written or writers wait. Another writer on
    /// SQLite's one lock that can wait (numbering events for the relay, see <c>OutboxDispatcher</c>) waits for a pause:
    /// between two groups of an on-sale burst nobody waits for a moment, and a writer that took the lock then held
    /// back every hold queued behind it.</summary>
    public TimeSpan Idle => Waiting > 0 || Volatile.Read(ref writing) ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Volatile.Read(ref lastEnded));

    private bool writing;
    private long lastEnded;

    /// <summary>Groups committed so far, and the most writers one held (diagnostics and tests).</summary>
    public int Groups { get; private set; }
    public int LargestSoFar { get; private set; }

    /// <summary>Queues <paramref name="write"/> for the next group and returns its result once that is settled.
    /// <paramref name="waitToken"/> withdraws it while it waits (an <see cref="OperationCanceledException"/>); once
    /// started it runs to the end. <paramref name="leaving"/> is called when the writer's change stops being
    /// invisible to other readers: right after its savepoint is rolled back (it will never be seen), just before the
    /// COMMIT that makes it visible, or at the latest when the writer is answered; it may be called more than once,
    /// and not at all for a writer withdrawn while it waited.</summary>
    public Task<T> RunAsync<T>(Func<IServiceProvider, Task<(T Result, bool Keep)>> write, Action? leaving = null, CancellationToken waitToken = default)
    {
        var writer = new Writer<T>(write, ExecutionContext.Capture(), leaving);
        Interlocked.Increment(ref waiting);
        if (!queue.Writer.TryWrite(writer))
        {
            Interlocked.Decrement(ref waiting);
            throw new ObjectDisposedException(nameof(GroupCommit));
        }
        if (waitToken.CanBeCanceled)
        {
            var registration = waitToken.Register(() =>
            {
                if (writer.TryWithdraw())
                    Interlocked.Decrement(ref waiting);
            });
            writer.Settled.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        return writer.Result;
    }

    /// <summary>The loop, on its own thread. On SQLite a group's calls complete synchronously, so the group is written
    /// here; on a server database, or when a writer truly waits, the group goes on in the thread pool and this thread
    /// waits for it.</summary>
    private void Loop()
    {
        try
        {
            var group = new List<Writer>(largest);
            var alone = new Queue<Writer>();
            while (true)
            {
                try
                {
                    if (!WriteNext(group, alone))
                        return;
                }
                catch (Exception ex)
                {
                    // WriteNext answers its writers whatever fails; anything else must not end the process from here.
                    log.LogCritical(ex, "The group commit's loop failed; it goes on with the next writers");
                }
            }
        }
        finally
        {
            stopped.TrySetResult();
        }
    }

    /// <summary>Waits for writers and writes one group of them; false once the queue is completed and empty.</summary>
    private bool WriteNext(List<Writer> group, Queue<Writer> alone)
    {
        group.Clear();
        var isolated = alone.TryDequeue(out var single);
        if (isolated)
            group.Add(single!);
        else if (!WritersQueued())
            return false;
        else
            LetArrivalsGoFirst();
        // Writing from before the first writer leaves the count of those waiting: never idle in between (see Idle).
        Volatile.Write(ref writing, true);
        try
        {
            while (!isolated && group.Count < largest && queue.Reader.TryRead(out var next))
            {
                if (!next.TryStart())
                    continue; // withdrawn while it waited
                Interlocked.Decrement(ref waiting);
                group.Add(next);
            }
            if (group.Count == 0)
                return true;
            foreach (var writer in WriteAsync(group, isolated).GetAwaiter().GetResult())
                alone.Enqueue(writer);
        }
        catch (Exception ex)
        {
            // No scope or context to write with (the application is stopping): nobody in the group is left waiting.
            foreach (var writer in group)
                writer.Settle(ex, log);
        }
        finally
        {
            Volatile.Write(ref lastEnded, Stopwatch.GetTimestamp());
            Volatile.Write(ref writing, false);
        }
        return true;
    }

    /// <summary>Blocks until a writer is queued (true) or the queue is completed and empty (false). The channel runs
    /// its continuations synchronously, so the writer's TryWrite itself sets the task this thread waits on.</summary>
    private bool WritersQueued()
    {
        var queued = queue.Reader.WaitToReadAsync();
        return queued.IsCompletedSuccessfully ? queued.Result : queued.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Writes one group; returns the writers to run again alone because the group's transaction failed.</summary>
    private async Task<List<Writer>> WriteAsync(List<Writer> group, bool isolated)
    {
        var outcomes = new List<(Writer Writer, Exception? Failure)>(group.Count);
        var again = new List<Writer>();
        var (began, committing) = (false, false);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            (db.GroupCommits, began) = (true, true);
            // A writer's savepoint (or, alone, the transaction) takes back all it wrote: EF's own savepoint around each
            // of its saves would add two statements a save to the group's serial part and protect nothing more.
            db.Database.AutoSavepointsEnabled = false;
            // A writer alone needs no savepoint: the transaction is all its own.
            var shared = group.Count > 1;
            var keptAny = false;
            foreach (var writer in group)
            {
                if (shared)
                    await transaction.CreateSavepointAsync(Savepoint, CancellationToken.None);
                var events = db.UncommittedEventCount;
                var (keep, failure) = await writer.WriteAsync(scope.ServiceProvider);
                db.ChangeTracker.Clear();
                keptAny |= keep;
                if (shared && keep)
                    await transaction.ReleaseSavepointAsync(Savepoint, CancellationToken.None);
                else if (shared)
                {
                    await transaction.RollbackToSavepointAsync(Savepoint, CancellationToken.None);
                    db.DropUncommittedEvents(from: events);
                }
                // A deadlock with another instance's transaction, say: alone, it would most likely have gone through.
                if (failure is System.Data.Common.DbException { IsTransient: true } && shared)
                    again.Add(writer);
                else
                {
                    if (!keep)
                        writer.Leave(log);
                    outcomes.Add((writer, failure));
                }
            }
            // The kept writers' events (on SQLite), before the commit: whatever fails here surely left nothing written.
            if (keptAny)
                await db.WriteGroupEventsAsync(CancellationToken.None);
            committing = true;
            foreach (var (writer, _) in outcomes)
                writer.Leave(log);
            if (keptAny)
                await transaction.CommitAsync(CancellationToken.None);
            else
                await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Nothing this group kept was written, and a refusal may have counted what it kept: every writer runs
            // again alone. Alone, a writer that fails again is answered with that failure.
            // A transaction that never began (the database stayed busy) would fail them all again, one by one. A
            // commit that failed may still have committed (a server connection lost, or something told of the commit
            // threw): run again, its writers would write twice. Only SQLite's own refusal of a COMMIT (a deferred
            // constraint, say) surely left nothing written.
            if (isolated || !began || (committing && !(ex is Microsoft.Data.Sqlite.SqliteException && db.Database.IsSqlite())))
            {
                foreach (var writer in group)
                    writer.Settle(ex, log);
                return [];
            }
            log.LogWarning(ex, "A group of {Count} writers failed to commit; each runs again alone", group.Count);
            return group.ToList();
        }
        finally
        {
            db.GroupCommits = false;
        }
        Groups++;
        LargestSoFar = Math.Max(LargestSoFar, group.Count);
        foreach (var (writer, failure) in outcomes)
            writer.Settle(failure, log);
        return again;
    }

    // Writers still queued are written before the loop ends; only the asynchronous disposal waits for them.
    public void Dispose() => queue.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        Dispose();
        await stopped.Task.ConfigureAwait(false);
    }
}
