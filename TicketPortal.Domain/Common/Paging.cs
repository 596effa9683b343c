namespace TicketPortal.Domain.Common;

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount);

public static class Paging
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    /// <summary>Checks a page request; owner is the query object the numbers came from.</summary>
    public static List<FieldError> Validate(object owner, int page, int pageSize)
    {
        var errors = new List<FieldError>();
        if (page < 1)
            errors.Add(new("page", "page must be 1 or more.", owner, "Page"));
        if (pageSize is < 1 or > MaxSize)
            errors.Add(new("pageSize", $"pageSize must be between 1 and {MaxSize}.", owner, "PageSize"));
        return errors;
    }
}
