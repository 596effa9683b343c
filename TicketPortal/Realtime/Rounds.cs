namespace TicketPortal.Realtime;

/// <summary>The loop the outbox's background workers share (dispatcher, follower, Kafka relay): rounds repeat
/// while a round says there is more, a failed round is reported and the next one tries again, and between rounds
/// the worker waits for its bell or its poll, until the host stops.</summary>
public static class Rounds
{
    public static async Task RunAsync(Func<CancellationToken, Task<bool>> roundLeftMore, Func<CancellationToken, Task> waitForMore,
        Action<Exception> failed, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    while (await roundLeftMore(stopping))
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed(ex);
                }
                await waitForMore(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
