using System.Diagnostics;
using Hangfire;

namespace TicketPortal.Mail;

/// <summary>Starts the sending job when a save queues mail, without a job per save: while one started here has not
/// begun reading the queue, it will read the new messages too. A job another instance took (shared Hangfire storage)
/// stops counting after a few seconds; the minute's round is the safety net.</summary>
public sealed class MailNudge(IBackgroundJobClient jobs, ILogger<MailNudge> log)
{
    private static readonly long Patience = Stopwatch.Frequency * 5;
    private long pendingSince;

    public void Queued()
    {
        var now = Stopwatch.GetTimestamp();
        var since = Interlocked.Read(ref pendingSince);
        if (since != 0 && now - since < Patience)
            return;
        if (Interlocked.CompareExchange(ref pendingSince, now, since) != since)
            return;
        try
        {
            jobs.Enqueue<MailJobs>(j => j.SendDueAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            // The change that queued the mail is committed; the minute's round sends it.
            Interlocked.Exchange(ref pendingSince, 0);
            log.LogWarning(ex, "The e-mail job could not be started now; the next round sends the mail");
        }
    }

    /// <summary>A sending job is about to read the queue: mail queued from now on needs another.</summary>
    public void Reading() => Interlocked.Exchange(ref pendingSince, 0);
}
