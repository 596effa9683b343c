using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TicketPortal.Tickets;

/// <summary>The on-sale waiting room: hold requests go on to the database a few at a time
/// (<c>Tickets:HoldConcurrency</c>, twice the cores), in the order they arrived; the others wait their turn without
/// holding a thread. Without it an on-sale burst runs every request's first half before any second half, and every
/// buyer is answered at the end. A full queue (<c>Tickets:HoldQueue</c>), or a wait longer than
/// <c>Tickets:HoldWaitSeconds</c>, answers 503 with Retry-After rather than letting the wait grow without bound. The wait
/// stays well inside an Idempotency-Key's lease, so a retry with the same key never runs beside a request still
/// waiting here.</summary>
public sealed class HoldAdmission : IDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly ConcurrencyLimiter limiter;
    private readonly TimeSpan longestWait;

    public HoldAdmission(IConfiguration config)
    {
        limiter = new(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, config.GetValue("Tickets:HoldConcurrency", 2 * Environment.ProcessorCount)),
            QueueLimit = Math.Max(0, config.GetValue("Tickets:HoldQueue", 10_000)),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var halfLease = Api.IdempotencyMiddleware.Lease / 2;
        longestWait = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Tickets:HoldWaitSeconds", halfLease.TotalSeconds), 0.001, halfLease.TotalSeconds));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        wait.CancelAfter(longestWait);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Refused(http); // waited too long; a client that went away is not answered at all
        }
        using (lease)
        {
            if (lease.IsAcquired)
                return await next(ctx);
        }
        return Refused(http);
    }

    private static ProblemHttpResult Refused(HttpContext http)
    {
        http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem($"Too many buyers are waiting at this moment; try again in {RetryAfter.TotalSeconds:F0} seconds.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many buyers at once");
    }

    public void Dispose() => limiter.Dispose();
}
