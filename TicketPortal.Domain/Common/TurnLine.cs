using System.Collections.Concurrent;

namespace TicketPortal.Domain.Common;

/// <summary>A line in which up to a number of holders go on at once, let in in arrival order by a thread of its own.
/// The holder's code goes on on that thread until it first waits for something. A turn handed on through the thread
/// pool waits in its queue behind other requests' work: in an on-sale burst, behind every other buyer's.</summary>
public sealed class TurnLine : IDisposable
{
    private readonly SemaphoreSlim free;
    private readonly BlockingCollection<Waiter> waiters = new(new ConcurrentQueue<Waiter>());
    private readonly Thread turns;
    private int waiting;

    public TurnLine(string name, int permits)
    {
        free = new SemaphoreSlim(permits, permits);
        turns = new Thread(GiveTurns) { IsBackground = true, Name = name };
        // Not the execution context of whoever happens to create the line: the thread lives as long as it does.
        turns.UnsafeStart();
    }

    /// <summary>How many wait for a turn now.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Whether the caller runs on this line's thread.</summary>
    public bool IsOnItsThread => Thread.CurrentThread == turns;

    private void GiveTurns()
    {
        foreach (var waiter in waiters.GetConsumingEnumerable())
        {
            free.Wait();
            if (waiter.Claim())
            {
                // Counted out before its code runs here, so that code sees only the others waiting.
                Interlocked.Decrement(ref waiting);
                waiter.SetResult(true);
            }
            else
                free.Release(); // it gave up: the turn goes to the next
        }
    }

    /// <summary>Waits for a turn: true once it is the caller's (who then calls <see cref="Leave"/>), false when
    /// <paramref name="patience"/> ran out first. Cancelling gives the place up (<see cref="OperationCanceledException"/>).</summary>
    public async Task<bool> EnterAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (IsOnItsThread)
            // Code this line's thread carries on, asking again: its caller may block this thread until the turn comes
            // (a synchronous save), so the turn cannot come from this thread. It takes one directly, ahead of the line.
            return await free.WaitAsync(patience, cancellationToken).ConfigureAwait(false);
        // Nobody waiting and a turn free: it is the caller's, on its own thread.
        if (Volatile.Read(ref waiting) == 0 && free.Wait(0, CancellationToken.None))
            return true;

        var waiter = new Waiter();
        Interlocked.Increment(ref waiting);
        try
        {
            waiters.Add(waiter, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            Interlocked.Decrement(ref waiting);
            throw new ObjectDisposedException(nameof(TurnLine));
        }
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(patience);
        await using (giveUp.Token.UnsafeRegister(_ =>
                     {
                         if (!waiter.Claim())
                             return;
                         Interlocked.Decrement(ref waiting);
                         if (cancellationToken.IsCancellationRequested)
                             waiter.SetCanceled(cancellationToken);
                         else
                             waiter.SetResult(false);
                     }, null).ConfigureAwait(false))
            return await waiter.Task.ConfigureAwait(false);
    }

    public void Leave() => free.Release();

    // Ends the turns thread once it is between turns. The semaphore is not disposed: the thread may still be waiting
    // on it for a holder to leave.
    public void Dispose() => waiters.CompleteAdding();

    /// <summary>Continuations run synchronously: the holder's, on the turns thread. Claimed once, by the turn or by
    /// giving up, whichever comes first.</summary>
    private sealed class Waiter : TaskCompletionSource<bool>
    {
        private int claimed;

        public bool Claim() => Interlocked.Exchange(ref claimed, 1) == 0;
    }
}
