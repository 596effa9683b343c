using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Serialization;

namespace TicketPortal.Api;

/// <summary>The response envelope of seed 004: metadata, then the data under the key named by dataName.</summary>
public sealed class Envelope
{
    private static readonly string Version =
        typeof(Envelope).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public string Status { get; init; } = "OK";
    public string StatusCode { get; init; } = "200";
    public long ElapsedMs { get; init; }
    public string Source { get; init; } = "db";
    public string? UserId { get; init; }
    public string? RequestId { get; init; }
    public required string DataName { get; init; }
    public required string Action { get; init; }
    public string AppVersion { get; init; } = Version;
    public int RowCount { get; init; }
    /// <summary>For lists: the page and the number of rows across all pages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PageInfo? Paging { get; init; }

    [JsonExtensionData]
    public Dictionary<string, object?> Data { get; init; } = [];

    /// <summary>Adds a related object beside the main one (e.g. the ticketPayment of a ticket).</summary>
    public Envelope With(string name, object? value)
    {
        if (value is not null)
            Data[name] = value;
        return this;
    }

    public static Envelope One(HttpContext http, string dataName, string action, object item, int statusCode = 200) =>
        Create(http, dataName, action, item, 1, statusCode, null);

    public static Envelope List<T>(HttpContext http, string dataName, string action, IReadOnlyList<T> items, PageInfo? paging = null) =>
        Create(http, dataName, action, items, items.Count, 200, paging);

    private static Envelope Create(HttpContext http, string dataName, string action, object data, int rowCount, int statusCode, PageInfo? paging) => new()
    {
        StatusCode = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ElapsedMs = RequestTimer.ElapsedMs(http),
        UserId = Accounts.CurrentUser.From(http.User)?.Id,
        RequestId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
        DataName = dataName,
        Action = action,
        RowCount = rowCount,
        Paging = paging,
        Data = { [dataName] = data },
    };
}

public sealed record PageInfo(int Page, int PageSize, int TotalCount);

/// <summary>Stamps each request's start so envelopes can report elapsedMs.</summary>
public static class RequestTimer
{
    private const string Key = "TicketPortal.RequestStart";

    public static IApplicationBuilder UseRequestTimer(this IApplicationBuilder app) =>
        app.Use((ctx, next) =>
        {
            ctx.Items[Key] = Stopwatch.GetTimestamp();
            return next(ctx);
        });

    public static long ElapsedMs(HttpContext http) =>
        http.Items[Key] is long start ? (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds : 0;
}
