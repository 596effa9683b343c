using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Net.Http.Headers;
using TicketPortal.Accounts;
using TicketPortal.Domain.Applications;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Seats;

namespace TicketPortal.Seats;

/// <summary>Seed 002's error object.</summary>
public sealed record SeatLockError(string Type, string AppErrorCode, string DeveloperMessage);

/// <summary>Seed 002's answer: success and failure lists, and an error when nothing (or the request itself) failed.</summary>
public sealed record SeatLockResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SeatLockError? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SeatLockSuccess>? Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SeatLockFailure>? Failure);

/// <summary>Marks the routes that answer in seed 002's error shape, so the API's ProblemDetails guards leave them be.</summary>
public sealed class SeedErrorShape
{
    public static readonly SeedErrorShape Instance = new();
}

/// <summary><c>PUT /api/v1/tickets/lock</c> and <c>/unlock</c> exactly as seed 002 documents unlock: every header
/// checked in the seed's order with a clear 4xx in its error shape, Request-ID echoed on every answer, at most 100
/// tokens, 200 / 207 (no rollback) / 422.</summary>
public static partial class SeatLockApi
{
    public const string RequestIdHeader = "Request-ID";
    public const string ApplicationIdHeader = "PAC-Application-ID";
    public const string ApiKeyHeader = "PAC-API-Key";
    public const string ChannelCodeHeader = "PAC-Channel-Code";
    private const int MaxBodyBytes = 64 * 1024;

    public static bool IsSeatLockRoute(HttpRequest request) =>
        request.Path.Equals("/api/v1/tickets/lock", StringComparison.OrdinalIgnoreCase)
        || request.Path.Equals("/api/v1/tickets/unlock", StringComparison.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapSeatLockApi(this IEndpointRouteBuilder app)
    {
        var seats = app.MapGroup("/api/v1/tickets").WithTags("Seat locks").WithMetadata(SeedErrorShape.Instance, new Api.RawInput());
        Describe(seats.MapPut("/lock", (HttpContext http, ApiApplications apps, SeatLocks locks, CancellationToken ct) =>
                HandleAsync(http, apps, (app, tokens) => locks.LockAsync(app, tokens, ct), ct)))
            .WithSummary("Lock seat tokens (the seller lists them): locked seats cannot be held, sold or refunded until unlocked.");
        Describe(seats.MapPut("/unlock", (HttpContext http, ApiApplications apps, SeatLocks locks, CancellationToken ct) =>
                HandleAsync(http, apps, (app, tokens) => locks.UnlockAsync(app, tokens, ct), ct)))
            .WithSummary("Unlock seat tokens (flip the mpreserve flag to false), opening the seats for status changes again.");
        return app;
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder route) => route
        .Produces<SeatLockResponse>(StatusCodes.Status200OK)
        .Produces<SeatLockResponse>(StatusCodes.Status207MultiStatus)
        .Produces<SeatLockResponse>(StatusCodes.Status400BadRequest)
        .Produces<SeatLockResponse>(StatusCodes.Status401Unauthorized)
        .Produces<SeatLockResponse>(StatusCodes.Status403Forbidden)
        .Produces<SeatLockResponse>(StatusCodes.Status406NotAcceptable)
        .Produces<SeatLockResponse>(StatusCodes.Status415UnsupportedMediaType)
        .Produces<SeatLockResponse>(StatusCodes.Status422UnprocessableEntity);

    private static async Task<JsonHttpResult<SeatLockResponse>> HandleAsync(HttpContext http, ApiApplications apps,
        Func<ApiApplication, IReadOnlyList<string>, Task<SeatLockOutcome>> apply, CancellationToken ct)
    {
        if (http.Request.Headers[RequestIdHeader] is [{ } requestId, ..])
            http.Response.Headers[RequestIdHeader] = requestId;

        if (CheckHeaders(http) is { } refused)
            return refused;
        var caller = await AuthenticateAsync(http);
        if (caller is null)
            return Error(StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "The bearer token is missing, expired or not valid.");
        var (app, refusal) = await apps.VerifyAsync(Header(http, ApplicationIdHeader)!, Header(http, ApiKeyHeader)!, Header(http, ChannelCodeHeader)!, caller, ct);
        if (refusal is { } why)
            return why == ApplicationRefusal.UnknownOrWrongKey
                ? Error(StatusCodes.Status401Unauthorized, "UNAUTHORIZED", ApplicationAuthenticationHandler.Describe(why))
                : Error(StatusCodes.Status403Forbidden, "FORBIDDEN", ApplicationAuthenticationHandler.Describe(why));

        var tokens = await ReadTokensAsync(http, ct);
        if (tokens.Failure is { } bad)
            return bad;
        var outcome = await apply(app!, tokens.Tokens!);
        if (outcome.Failure.Count == 0)
            return TypedResults.Json(new SeatLockResponse(null, outcome.Success, null), statusCode: StatusCodes.Status200OK);
        if (outcome.Success.Count == 0)
            return TypedResults.Json(new SeatLockResponse(new(SeatLockWords.UnprocessableEntity, SeatLockWords.Ms422, SeatLockWords.UnableToProcess), null, outcome.Failure),
                statusCode: StatusCodes.Status422UnprocessableEntity);
        return TypedResults.Json(new SeatLockResponse(null, outcome.Success, outcome.Failure), statusCode: StatusCodes.Status207MultiStatus);
    }

    /// <summary>The seed's required headers, in its table's order; the first one missing or wrong is named.</summary>
    private static JsonHttpResult<SeatLockResponse>? CheckHeaders(HttpContext http)
    {
        var h = http.Request.Headers;
        JsonHttpResult<SeatLockResponse>? refused = null;
        if (!UserAgent().IsMatch(h.UserAgent.ToString()))
            refused = BadRequest("User-Agent is required in Product/Version form with a SemVer version, such as MyApplication/1.0.0.");
        else if (!h.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            refused = Error(StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "Authorization is required, with the Bearer scheme: 'Authorization: Bearer <token>'.");
        else if (h.Accept.Count == 0)
            refused = BadRequest("Accept is required: send 'Accept: application/json'.");
        else if (!AcceptsJson(h.Accept))
            refused = Error(StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE", "The only supported response type is application/json; send 'Accept: application/json'.");
        else if (!MediaTypeHeaderValue.TryParse(h.ContentType.ToString(), out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            refused = Error(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "The only supported request type is application/json; send 'Content-Type: application/json'.");
        else if (Header(http, ApplicationIdHeader) is null)
            refused = BadRequest($"{ApplicationIdHeader} is required: the application identifier, in reverse domain notation.");
        else if (Header(http, ApiKeyHeader) is null)
            refused = BadRequest($"{ApiKeyHeader} is required: the API key issued for this application.");
        else if (Header(http, ChannelCodeHeader) is null)
            refused = BadRequest($"{ChannelCodeHeader} is required: the channel code of this application.");
        else if (Header(http, RequestIdHeader) is not { } id)
            refused = BadRequest($"{RequestIdHeader} is required: a UUID v4 identifying this request.");
        else if (!Guid.TryParse(id, out _))
            refused = BadRequest($"{RequestIdHeader} must be a UUID (v4), such as 3f0c2b1e-8d4a-4c6f-9b2e-1a7d5e9c0f42.");
        return refused;
    }

    private static bool AcceptsJson(Microsoft.Extensions.Primitives.StringValues accept) =>
        MediaTypeHeaderValue.TryParseList(accept, out var types)
        && types.Any(t => t.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                          || t.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                          || t.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase));

    /// <summary>The caller of a bearer token only: the portal's cookie is not what the seed asks for.</summary>
    private static async Task<Actor?> AuthenticateAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(IdentityConstants.BearerScheme);
        return result.Succeeded ? Accounts.CurrentUser.From(result.Principal)?.Actor : null;
    }

    private static async Task<(IReadOnlyList<string>? Tokens, JsonHttpResult<SeatLockResponse>? Failure)> ReadTokensAsync(HttpContext http, CancellationToken ct)
    {
        JsonDocument body;
        try
        {
            // Read at most a little more than 100 tokens can need; a larger body is refused unread.
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBodyBytes)
                    return (null, Unprocessable($"The request payload is larger than {MaxBodyBytes / 1024} KB; send at most {SeatLockWords.MaxTokens} tokens."));
            }
            body = JsonDocument.Parse(buffer.ToArray());
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, BadRequest("The body is not valid JSON: send {\"tokens\": [\"…\"]}."));
        }
        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object
                || !body.RootElement.TryGetProperty("tokens", out var list) || list.ValueKind != JsonValueKind.Array)
                return (null, Unprocessable("tokens is required: an array of seat token strings."));
            if (list.GetArrayLength() > SeatLockWords.MaxTokens)
                return (null, Unprocessable(SeatLockWords.TooManyTokens));
            if (list.GetArrayLength() == 0)
                return (null, Unprocessable("tokens must contain at least one token."));
            // A token that is not a string is still one item: it fails on its own as INVALID_TOKEN, the others go on.
            var tokens = list.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText()).ToList();
            return (tokens, null);
        }
    }

    private static string? Header(HttpContext http, string name) =>
        http.Request.Headers[name] is [{ Length: > 0 } value, ..] && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static JsonHttpResult<SeatLockResponse> BadRequest(string message) => Error(StatusCodes.Status400BadRequest, "BAD_REQUEST", message);

    private static JsonHttpResult<SeatLockResponse> Unprocessable(string message) => Error(StatusCodes.Status422UnprocessableEntity, SeatLockWords.UnprocessableEntity, message);

    private static JsonHttpResult<SeatLockResponse> Error(int status, string type, string message)
    {
        var code = status == StatusCodes.Status422UnprocessableEntity ? SeatLockWords.Ms422 : $"MS-{status}";
        return TypedResults.Json(new SeatLockResponse(new SeatLockError(type, code, message), null, null), statusCode: status);
    }

    // Product/Version, the version SemVer-like (the seed's own example is "MyApplication/1.0"); comments may follow.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]*/\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?(\s.*)?$")]
    private static partial Regex UserAgent();
}
