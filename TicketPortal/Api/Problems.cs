using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Domain.Common;

namespace TicketPortal.Api;

/// <summary>Turns a domain <see cref="Failure"/> into an RFC 9457 ProblemDetails response.</summary>
public static class Problems
{
    public static ProblemHttpResult From(Failure failure)
    {
        if (failure.Kind is FailureKind.Validation or FailureKind.Unprocessable)
            return TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary(failure.Errors ?? []))
            {
                Status = failure.Kind == FailureKind.Validation ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
                Title = failure.Kind == FailureKind.Validation ? "One or more fields are invalid." : "The request cannot be acted on.",
                Detail = string.Join(" ", (failure.Errors ?? []).Select(e => $"{e.Path}: {e.Message}")),
            });

        var (status, title) = failure.Kind switch
        {
            FailureKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            FailureKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            _ => (StatusCodes.Status409Conflict, "Conflict"),
        };
        return TypedResults.Problem(failure.Message, statusCode: status, title: title);
    }

    public static Dictionary<string, string[]> ToDictionary(IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
