using System.Globalization;
using System.Threading.RateLimiting;

namespace TicketPortal.Tickets;

/// <summary>The on-sale waiting room: hold requests go on to the database a few at a time
/// (<c>Tickets:HoldConcurrency</c>, twice the cores), in the order they arrived; the others wait their turn without
/// holding a thread. Without it an on-sale burst runs every request's first half before any second half, and every
/// buyer is answered at the end. A full queue (<c>Tickets:HoldQueue</c>) answers 503 with Retry-After rather than
/// letting the wait grow without bound.</summary>
public sealed class HoldAdmission : IDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly ConcurrencyLimiter limiter;

    public HoldAdmission(IConfiguration config) => limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, config.GetValue("Tickets:HoldConcurrency", 2 * Environment.ProcessorCount)),
        QueueLimit = Math.Max(0, config.GetValue("Tickets:HoldQueue", 10_000)),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        using var lease = await limiter.AcquireAsync(1, ctx.HttpContext.RequestAborted);
        if (lease.IsAcquired)
            return await next(ctx);
        ctx.HttpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem($"Too many buyers are waiting at this moment; try again in {RetryAfter.TotalSeconds:F0} seconds.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "The queue is full");
    }

    public void Dispose() => limiter.Dispose();
}
