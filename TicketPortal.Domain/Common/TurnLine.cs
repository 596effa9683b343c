using System.Collections.Concurrent;

namespace TicketPortal.Domain.Common;

/// <summary>A line in which up to a number of holders go on at once, let in in arrival order by a thread of its own.
/// The holder's code goes on on that thread until it first waits for something. A turn handed on through the thread
/// pool waits in its queue behind other requests' work: in an on-sale burst, behind every other buyer's.</summary>
public sealed class TurnLine : IDisposable
{
    private readonly SemaphoreSlim free;
    private readonly BlockingCollection<TaskCompletionSource> waiters = new(new ConcurrentQueue<TaskCompletionSource>());
    private readonly int turnsThread;
    private int waiting;

    public TurnLine(string name, int permits)
    {
        free = new SemaphoreSlim(permits, permits);
        var turns = new Thread(GiveTurns) { IsBackground = true, Name = name };
        turns.Start();
        turnsThread = turns.ManagedThreadId;
    }

    private void GiveTurns()
    {
        foreach (var waiter in waiters.GetConsumingEnumerable())
        {
            free.Wait();
            // A waiter that gave up (cancelled) leaves its turn to the next.
            if (waiter.TrySetResult())
                Interlocked.Decrement(ref waiting);
            else
                free.Release();
        }
    }

    /// <summary>Waits for a turn; the caller then calls <see cref="Leave"/>. Cancelling gives the place up
    /// (<see cref="OperationCanceledException"/>).</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        if (Environment.CurrentManagedThreadId == turnsThread)
        {
            // Code this line's thread carries on, asking again: its caller may block this thread until the turn comes
            // (a synchronous save), so the turn cannot come from this thread. It takes one directly, ahead of the line.
            await free.WaitAsync(cancellationToken);
            return;
        }
        // Nobody waiting and a turn free: it is the caller's, on its own thread.
        if (Volatile.Read(ref waiting) == 0 && free.Wait(0, CancellationToken.None))
            return;
        Interlocked.Increment(ref waiting);
        // Continuations run synchronously: the holder's, on the turns thread.
        var waiter = new TaskCompletionSource();
        waiters.Add(waiter, CancellationToken.None);
        await using (cancellationToken.UnsafeRegister(_ =>
                     {
                         if (waiter.TrySetCanceled(cancellationToken))
                             Interlocked.Decrement(ref waiting);
                     }, null))
            await waiter.Task;
    }

    public void Leave() => free.Release();

    // Ends the turns thread once it is between turns. The semaphore is not disposed: the thread may still be waiting
    // on it for a holder to leave.
    public void Dispose() => waiters.CompleteAdding();
}
