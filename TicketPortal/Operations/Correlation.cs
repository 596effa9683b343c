using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace TicketPortal.Operations;

/// <summary>The W3C traceparent (<c>00-&lt;trace&gt;-&lt;span&gt;-&lt;flags&gt;</c>) of the request: the caller's own
/// when it sent one, else the request's activity, so an operation can be traced to the request that started it.</summary>
public static partial class Correlation
{
    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    private static partial Regex TraceParent();

    public static string Of(HttpContext http)
    {
        var incoming = http.Request.Headers["traceparent"].ToString().Trim();
        if (TraceParent().IsMatch(incoming))
            return incoming;
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
            return activity.Id!;
        return New();
    }

    /// <summary>A fresh traceparent, for work started outside an HTTP request (a portal page's circuit).</summary>
    public static string New() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity
            ? activity.Id!
            : $"00-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01";
}
