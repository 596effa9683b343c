using System.Text;
using System.Text.Json;

namespace TicketPortal.Api;

/// <summary>Refuses text holding the NUL character (U+0000) in a query string, a JSON body or a form body,
/// with a 400 naming the field. PostgreSQL cannot store or even compare such text (the other providers can),
/// so without this the same request would be a 400 on one database and a 500 on another; no name, venue, note
/// or search needs it.</summary>
public sealed class NulGuard(RequestDelegate next)
{
    // Bodies are scanned up to this size; a larger one is left to binding (nothing here takes one).
    private const int ScanLimit = 1024 * 1024;
    private static readonly byte[] JsonNul = "\\u0000"u8.ToArray();
    private static readonly byte[] FormNul = "%00"u8.ToArray();

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        if ((Field(http.Request) ?? await BodyFieldAsync(http.Request)) is not { } name)
        {
            await next(http);
            return;
        }
        const string message = "Text may not contain the NUL character (U+0000).";
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [name] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request could not be read.",
                Detail = $"The value at '{name}' could not be read: {message}",
            },
        });
    }

    private static string? Field(HttpRequest request) =>
        request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)).Key;

    private static async Task<string?> BodyFieldAsync(HttpRequest request)
    {
        var json = request.HasJsonContentType();
        var form = request.HasFormContentType;
        if (!(json || form) || request.ContentLength is > ScanLimit || request.Headers.ContentEncoding.Count > 0)
            return null;
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        request.Body.Position = 0;
        if (buffer.Length > ScanLimit)
            return null;
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (json)
            return bytes.IndexOf(JsonNul) >= 0 ? JsonPathOfNul(bytes.ToArray()) : null;
        return bytes.IndexOf(FormNul) >= 0 ? FormFieldOfNul(Encoding.ASCII.GetString(bytes)) : null;
    }

    // By hand: ASP.NET's own form reader throws on an encoded NUL (which would be a 500).
    private static string FormFieldOfNul(string body) =>
        body.Split('&').FirstOrDefault(pair => pair.Contains("%00", StringComparison.Ordinal)) is { } pair
            && Uri.UnescapeDataString(pair.Split('=')[0].Replace('+', ' ')) is { Length: > 0 } key && !key.Contains('\0', StringComparison.Ordinal)
            ? key
            : "body";

    /// <summary>Where the first string holding NUL is, as dotted property names ("tiers.name").</summary>
    private static string JsonPathOfNul(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            var containers = new Stack<string>();
            var property = "";
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        break;
                    case JsonTokenType.String when reader.GetString()!.Contains('\0', StringComparison.Ordinal):
                        return string.Join('.', containers.Reverse().Append(property).Where(p => p.Length > 0)) is { Length: > 0 } path ? path : "body";
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        containers.Push(property);
                        property = "";
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.TryPop(out _);
                        property = "";
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: binding will say so.
        }
        return "body";
    }
}
