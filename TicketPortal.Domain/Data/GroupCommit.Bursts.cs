using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace TicketPortal.Domain.Data;

// In a burst, the requests arriving go first.
public sealed partial class GroupCommit
{
    // More work items queued than the pool's threads start in a few milliseconds: requests arrive faster than they are
    // served.
    private static readonly int Backlog = 64 * Environment.ProcessorCount;

    private static bool PoolBacklogged() => ThreadPool.PendingWorkItemCount > Backlog;

    // When the burst that groups wait in began (Stopwatch ticks); 0 outside one. The loop's thread alone uses it.
    private long burstSince;

    /// <summary>In a burst (more writers waiting than one group takes, and requests arriving faster than they are
    /// served) groups wait until the burst is <c>arrivalsFirst</c> old, or the backlog is gone. In an on-sale burst
    /// nearly every request arriving is answered by the line ("sold out") without writing, on the same cores the
    /// group's writers would take: they are answered first, in the order they came, and the holds themselves take no
    /// longer in all, the work being the same. A few writers at a time (a steady sale, realtime updates) never wait,
    /// whatever else keeps the thread pool busy; under load that never lets up, writers wait that long once, then are
    /// written as before until fewer wait than a group takes.</summary>
    private void LetArrivalsGoFirst()
    {
        if (arrivalsFirst <= TimeSpan.Zero || Waiting < largest)
        {
            burstSince = 0;
            return;
        }
        if (burstSince == 0)
            burstSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(burstSince) < arrivalsFirst && Backlogged())
            Thread.Sleep(1);
    }

    private bool Backlogged()
    {
        try
        {
            return backlogged();
        }
        catch (Exception ex)
        {
            // Writers are never held back by a question that cannot be answered.
            log.LogError(ex, "Whether requests are arriving faster than they are served could not be told");
            return false;
        }
    }
}
