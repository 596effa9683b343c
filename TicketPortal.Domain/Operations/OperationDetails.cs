using System.Text.Json;

namespace TicketPortal.Domain.Operations;

/// <summary>The seed's failure details: a ProblemDetails with the seed's own casing (Title, Status, Detail,
/// Extensions.StatusCode, Extensions.ValidationResults of Member, ErrorMessage, AdditionalInformation).</summary>
public static class OperationDetails
{
    public const string ValidationFailed = "Validation failed.";
    public const string Unexpected = "The operation failed unexpectedly. It was retried and gave up; the correlation id traces it in the logs.";

    private static readonly JsonSerializerOptions Seed = new() { PropertyNamingPolicy = null };

    public sealed record ValidationResult(string Member, string ErrorMessage, string? AdditionalInformation = null);

    private sealed record Extensions(string StatusCode, IReadOnlyList<ValidationResult> ValidationResults);

    private sealed record Problem(string? Type, string Title, int Status, string Detail, string? Instance, Extensions Extensions);

    public static string Validation(IReadOnlyList<ValidationResult> results) => Json(400, "BadRequest", ValidationFailed, results);

    public static string Error() => Json(500, "InternalServerError", Unexpected, []);

    /// <summary>A completed operation that still has something to report (items retried later).</summary>
    public static string Notes(string detail, IReadOnlyList<ValidationResult> results) =>
        JsonSerializer.Serialize(new Problem(null, "Completed with notes", 200, detail, null, new Extensions("OK", results)), Seed);

    private static string Json(int status, string statusCode, string detail, IReadOnlyList<ValidationResult> results) =>
        JsonSerializer.Serialize(new Problem(null, "Unable to complete the operation", status, detail, null, new Extensions(statusCode, results)), Seed);
}
