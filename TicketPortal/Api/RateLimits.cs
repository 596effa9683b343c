using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TicketPortal.Accounts;

namespace TicketPortal.Api;

/// <summary>Per-minute limits on what attackers and bots hammer: log in and register (per client address),
/// ticket holds (per account) and the sandbox card page (per client address). Only writes count: reading a
/// page is never limited. A refused request gets 429 with Retry-After and a ProblemDetails.</summary>
public static class RateLimits
{
    public const string Auth = "auth";
    public const string Holds = "holds";
    public const string CardPage = "card-page";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var limits = config.GetSection("RateLimits");
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Auth, http => Writes(http, ClientAddress(http), limits.GetValue("AuthPerMinute", 10)));
            o.AddPolicy(Holds, http => Writes(http, CurrentUser.From(http.User)?.Id ?? ClientAddress(http), limits.GetValue("HoldsPerMinute", 30)));
            o.AddPolicy(CardPage, http => Writes(http, ClientAddress(http), limits.GetValue("CardPagePerMinute", 10)));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Writes(HttpContext http, string key, int perMinute) =>
        HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? RateLimitPartition.GetNoLimiter("reads")
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Too many attempts from you in a short time; try again in {seconds} seconds.",
            },
        });
    }
}
