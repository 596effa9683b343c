using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace TicketPortal.Api;

/// <summary>Refuses text holding the NUL character (U+0000) in an API query string or JSON body, or in any form
/// post, with a 400 naming the field. PostgreSQL cannot store or even compare such text (the other providers can),
/// and ASP.NET's own form reader throws on it, so without this one request would be a 400 on one database and a
/// 500 on another; no name, venue, note or search needs it. Endpoints that must see the input exactly as sent
/// (<see cref="RawInput"/>: the Stripe webhook, whose events come from Stripe; the seed 002 lock routes, which
/// answer in their own error shape) are left alone.</summary>
public sealed class NulGuard(RequestDelegate next)
{
    // Bodies are scanned up to this size; a larger one is left to binding (no route here takes one).
    private const int ScanLimit = 1024 * 1024;
    // Bodies up to this size are scanned where the server keeps them: the whole body sits unconsumed in its buffers
    // (Kestrel's MaxRequestBufferSize, 1 MB by default, bounds what an HTTP/1.1 connection keeps; an HTTP/2 stream's
    // window, 768 KB by default, what it may send unread).
    private const int PeekLimit = 32 * 1024;
    private const string Message = "Text may not contain the NUL character (U+0000).";
    private static readonly byte[] JsonNul = "\\u0000"u8.ToArray();
    private static readonly byte[] FormNul = "%00"u8.ToArray();

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        var request = http.Request;
        var api = request.IsApiRequest();
        if ((!api && !request.HasFormContentType) || http.GetEndpoint()?.Metadata.GetMetadata<RawInput>() is not null
            || ((api ? QueryField(request) : null) ?? await BodyFieldAsync(request, http.RequestAborted)) is not { } field)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        var written = await problems.TryWriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request could not be read.",
                Detail = $"The value at '{field}' could not be read: {Message}",
            },
        });
        if (!written)
            await http.Response.WriteAsync($"{field}: {Message}");
    }

    private static string? QueryField(HttpRequest request) =>
        request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)).Key;

    private static async Task<string?> BodyFieldAsync(HttpRequest request, CancellationToken ct)
    {
        var json = request.HasJsonContentType();
        var form = request.HasFormContentType && !request.Headers.ContentType.ToString().Contains("multipart", StringComparison.OrdinalIgnoreCase);
        if (!(json || form) || request.ContentLength is > ScanLimit || request.Headers.ContentEncoding.Count > 0)
            return null;
        return request.ContentLength is { } length and <= PeekLimit
            ? await PeekAsync(request.BodyReader, length, json, ct)
            : await BufferAsync(request, json, ct);
    }

    /// <summary>A body of known, small length is looked at where the server keeps it, examined but not consumed, so
    /// binding reads the same bytes and nothing is copied. Buffering every body (<c>EnableBuffering</c>) rented a
    /// 30 KB buffer per request; thousands of requests at once emptied the pool and turned into gen0 collections.</summary>
    private static async Task<string?> PeekAsync(PipeReader reader, long length, bool json, CancellationToken ct)
    {
        var read = await reader.ReadAsync(ct);
        while (read.Buffer.Length < length && !read.IsCompleted)
        {
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await reader.ReadAsync(ct);
        }
        try
        {
            return FieldOfNul(read.Buffer, json);
        }
        finally
        {
            // Nothing consumed, and examined no less than before: a pipe refuses an examined position going back
            // (HTTP/2's and HTTP/3's bodies are such pipes). The binder's next read returns at once, the body being
            // complete.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static async Task<string?> BufferAsync(HttpRequest request, bool json, CancellationToken ct)
    {
        request.EnableBuffering();
        // At most the scan limit and one byte more, whatever a (possibly chunked) body says.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? ScanLimit, ScanLimit) + 1);
        try
        {
            var length = 0;
            int read;
            while (length < buffer.Length && length <= ScanLimit && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
                length += read;
            request.Body.Position = 0;
            return length > ScanLimit ? null : FieldOfNul(new ReadOnlySequence<byte>(buffer, 0, length), json);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? FieldOfNul(ReadOnlySequence<byte> body, bool json) =>
        !new SequenceReader<byte>(body).TryReadTo(out ReadOnlySequence<byte> _, json ? JsonNul : FormNul) ? null
        : json ? JsonPathOfNul(body.ToArray())
        : FormFieldOfNul(Encoding.ASCII.GetString(body));

    // By hand: ASP.NET's own form reader throws on an encoded NUL.
    private static string? FormFieldOfNul(string body)
    {
        foreach (var pair in body.Split('&'))
        {
            var parts = pair.Split('=', 2);
            string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
            if (parts.Any(p => Decode(p).Contains('\0', StringComparison.Ordinal)))
                return Decode(parts[0]) is { Length: > 0 } key && !key.Contains('\0', StringComparison.Ordinal) ? key : "body";
        }
        return null;
    }

    /// <summary>Where the first string holding NUL is, as dotted property names ("tiers.name"); null when no
    /// string does (an escaped backslash followed by "u0000" is not one).</summary>
    private static string? JsonPathOfNul(byte[] body)
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
                        if (property.Contains('\0', StringComparison.Ordinal))
                            return "body";
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
        return null;
    }
}

/// <summary>Marks an endpoint whose input the API's guards must pass through untouched.</summary>
public sealed record RawInput;
