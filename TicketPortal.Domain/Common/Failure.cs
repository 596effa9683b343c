namespace TicketPortal.Domain.Common;

public enum FailureKind
{
    Validation,
    NotFound,
    Forbidden,
    Conflict,
    /// <summary>Well-formed input the domain cannot act on (a void admission code): 422 with the field named.</summary>
    Unprocessable,
}

/// <summary>One field that failed validation: <see cref="Path"/> is the API's JSON path
/// (e.g. <c>tiers[0].price</c>), <see cref="Owner"/>/<see cref="Member"/> let a form place the message.</summary>
public sealed record FieldError(string Path, string Message, object Owner, string Member);

/// <summary>Why a domain operation did not happen. Both faces (REST and portal) translate it.</summary>
public sealed record Failure(FailureKind Kind, string Message, IReadOnlyList<FieldError>? Errors = null)
{
    public static Failure NotFound(string message) => new(FailureKind.NotFound, message);
    public static Failure Forbidden(string message) => new(FailureKind.Forbidden, message);
    public static Failure Conflict(string message) => new(FailureKind.Conflict, message);
    public static Failure Invalid(IReadOnlyList<FieldError> errors) =>
        new(FailureKind.Validation, "One or more fields are invalid.", errors);
    public static Failure Unprocessable(FieldError error) => new(FailureKind.Unprocessable, error.Message, [error]);
}

/// <summary>The value of a domain operation or the reason it failed.</summary>
public readonly record struct Result<T>(T? Value, Failure? Failure)
{
    public bool Succeeded => Failure is null;

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Failure failure) => new(default, failure);
}
