using System.Text;
using Microsoft.Net.Http.Headers;

namespace TicketPortal.Api;

/// <summary>A request body the API cannot decode is refused up front with a ProblemDetails naming the
/// Content-Type header, instead of failing deep in JSON binding (an unknown charset there is a 500).</summary>
public sealed class ContentTypeGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        if (!http.Request.IsApiRequest() || !CarriesBody(http.Request.Method) || http.Request.Headers.ContentType.Count == 0
            || http.GetEndpoint()?.Metadata.GetMetadata<Seats.SeedErrorShape>() is not null
            || Problem(http.Request.ContentType) is not { } problem)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        await problems.WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["Content-Type"] = [problem] })
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "The request body's Content-Type is not supported.",
                Detail = problem,
            },
        });
    }

    // GET and HEAD bodies are never read, so their Content-Type cannot break anything.
    private static bool CarriesBody(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static string? Problem(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Length == 0)
            return $"The Content-Type header '{contentType}' is not a media type; send application/json.";
        if (media.Charset.Length == 0)
            return null;
        try
        {
            Encoding.GetEncoding(media.Charset.ToString().Trim('"'));
            return null;
        }
        catch (ArgumentException)
        {
            return $"The charset '{media.Charset}' is not a known encoding; send UTF-8.";
        }
    }
}
