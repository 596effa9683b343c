using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Api;

/// <summary>Malformed JSON or an unbindable parameter becomes a 400 ProblemDetails that names the field,
/// a failing payment provider a 502, anything else a 500 ProblemDetails without internals.</summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is PaymentGatewayException gateway)
        {
            log.LogWarning(exception, "Payment provider failed on {Path}", httpContext.Request.Path);
            httpContext.Response.StatusCode = StatusCodes.Status502BadGateway;
            return await problems.TryWriteAsync(new()
            {
                HttpContext = httpContext,
                ProblemDetails = { Title = "The payment provider failed.", Status = 502, Detail = gateway.Message },
            });
        }

        if (exception is not BadHttpRequestException bad)
        {
            log.LogError(exception, "Unhandled error on {Path}", httpContext.Request.Path);
            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new()
            {
                HttpContext = httpContext,
                ProblemDetails = { Title = "Something went wrong on our side.", Status = 500, Detail = "The error was logged; please try again." },
            });
        }

        var field = FindJsonPath(bad) ?? ParameterName(bad.Message) ?? "body";
        var message = bad.InnerException is JsonException json
            ? $"The value at '{field}' could not be read: {json.Message.Split(" Path:")[0]}"
            : bad.Message;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new()
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = message,
            },
        });
    }

    // Minimal APIs say e.g. Failed to bind parameter "Nullable<DateTime> from" from "x".
    private static string? ParameterName(string message) =>
        ParameterPattern().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("parameter \"[^\"]*?(\\w+)\"")]
    private static partial Regex ParameterPattern();

    private static string? FindJsonPath(BadHttpRequestException bad)
    {
        for (Exception? e = bad.InnerException; e is not null; e = e.InnerException)
            if (e is JsonException { Path: { Length: > 0 } path })
                return path.TrimStart('$', '.') is { Length: > 0 } trimmed ? trimmed : "body";
        return null;
    }
}
