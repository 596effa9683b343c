namespace TicketPortal.Tests.Support;

/// <summary>Background work (webhooks, jobs, the dispatcher) lands a moment after the request that caused it:
/// tests read again until what they wait for is there.</summary>
public static class Eventually
{
    /// <summary>Reads every 100 ms until <paramref name="done"/> holds or <paramref name="timeout"/> passes;
    /// returns the last value read either way, for the caller to assert on.</summary>
    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        T value;
        do
        {
            value = await read();
            if (done(value))
                return value;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return value;
    }
}
